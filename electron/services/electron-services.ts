import { app, powerMonitor, safeStorage } from 'electron';
import type { DemoEnrolment, OsLockReason } from '../../shared/ipc/contract';
import type { KeystoreBackend, LockEventSource, MainServices } from './main-services';

/** Keystore backed by Electron safeStorage (DPAPI, Keychain, libsecret/kwallet). */
function createSafeStorageKeystore(): KeystoreBackend {
  return {
    isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
    backendName: () => {
      if (process.platform === 'linux') return safeStorage.getSelectedStorageBackend();
      return process.platform === 'win32' ? 'dpapi' : 'keychain';
    },
    encrypt: (plain) => safeStorage.encryptString(plain.toString('base64')),
    decrypt: (sealed) => Buffer.from(safeStorage.decryptString(sealed), 'base64'),
  };
}

function createPowerMonitorLockEvents(): LockEventSource {
  return {
    onLockRequested(listener) {
      const onLockScreen = () => listener('os-lock' satisfies OsLockReason);
      const onSuspend = () => listener('suspend' satisfies OsLockReason);
      powerMonitor.on('lock-screen', onLockScreen);
      powerMonitor.on('suspend', onSuspend);
      return () => {
        powerMonitor.off('lock-screen', onLockScreen);
        powerMonitor.off('suspend', onSuspend);
      };
    },
  };
}

export function createElectronServices(isDevelopment: boolean, demoEnrolment: DemoEnrolment | null): MainServices {
  return {
    appInfo: () => ({
      name: 'CaseDesk',
      version: app.getVersion(),
      platform: process.platform,
      host: 'electron',
      electronVersion: process.versions.electron ?? null,
      isDevelopment,
    }),
    keystore: createSafeStorageKeystore(),
    lockEvents: createPowerMonitorLockEvents(),
    demoEnrolment,
  };
}
