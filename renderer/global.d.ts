import type { CasedeskApi } from '../shared/ipc/casedesk-api';

declare global {
  interface Window {
    /** Given by the preload (Electron) or the browser host harness (tests). */
    readonly casedesk: CasedeskApi;
  }
}
