import type { MainServices } from '../../../electron/services/main-services';
import { StandInKeystore } from './stand-in-keystore';
import { StandInLockEvents } from './stand-in-lock-events';

export interface StandInServices extends MainServices {
  readonly keystore: StandInKeystore;
  readonly lockEvents: StandInLockEvents;
}

/** The harness side of the one seam: Electron-only services swapped for Node stand-ins. */
export function createStandInServices(options: { keystoreDir?: string; keystoreBackend?: string } = {}): StandInServices {
  return {
    appInfo: () => ({
      name: 'CaseDesk',
      version: process.env.npm_package_version ?? '0.0.0',
      platform: process.platform,
      host: 'browser-harness',
      electronVersion: null,
      isDevelopment: true,
    }),
    keystore: new StandInKeystore({ keyDir: options.keystoreDir, pretendBackend: options.keystoreBackend }),
    lockEvents: new StandInLockEvents(),
  };
}
