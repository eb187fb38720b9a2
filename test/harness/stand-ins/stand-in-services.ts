import type { MainServices } from '../../../electron/services/main-services';
import type { DemoEnrolment } from '../../../shared/ipc/contract';
import { StandInKeystore } from './stand-in-keystore';
import { StandInLockEvents } from './stand-in-lock-events';

export interface StandInServices extends MainServices {
  readonly keystore: StandInKeystore;
  readonly lockEvents: StandInLockEvents;
}

/** The harness side of the one seam: Electron-only services swapped for Node stand-ins. */
export function createStandInServices(
  options: { keystoreDir?: string; keystoreBackend?: string; demoEnrolment?: DemoEnrolment | null } = {},
): StandInServices {
  return {
    appInfo: () => ({
      name: 'CaseDesk',
      version: process.env.npm_package_version ?? '0.0.0',
      platform: process.platform,
      host: 'browser-harness',
      electronVersion: null,
      isDevelopment: true,
    }),
    keystore: new StandInKeystore({ keyDir: options.keystoreDir, backend: options.keystoreBackend }),
    lockEvents: new StandInLockEvents(),
    // The harness is handed the value directly (start-browser.ts validates it with the same readDemoEnrolment).
    demoEnrolment: options.demoEnrolment ?? null,
  };
}
