import type { CasedeskApi } from '../../shared/ipc/casedesk-api';
import type { IpcError, IpcResult } from '../../shared/ipc/ipc-result';

/** A failed main-process call, carrying its typed code for the UI to map to words. */
export class MainCallError<Code extends string = string> extends Error {
  constructor(readonly error: IpcError<Code>) {
    super(error.message);
    this.name = 'MainCallError';
  }
  get code(): Code {
    return this.error.code;
  }
}

export function mainBridge(): CasedeskApi {
  const bridge = (window as Partial<Window>).casedesk;
  if (!bridge) throw new Error('CaseDesk must run inside its shell: window.casedesk is missing');
  return bridge;
}

/** Turns a call's result into its value, or throws MainCallError with the typed code. */
export async function unwrapMainCall<Value, Code extends string>(
  pending: Promise<IpcResult<Value, Code>>,
): Promise<Value> {
  const result = await pending;
  if (result.ok) return result.value;
  throw new MainCallError(result.error);
}
