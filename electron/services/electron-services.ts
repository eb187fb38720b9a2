import { app, powerMonitor, safeStorage } from 'electron';
import type { LockDetectionStatus, OsLockReason } from '../../shared/ipc/contract';
import { watchLinuxSessionLock, type SessionLockWatch } from '../os-lock/linux-session-lock-watch';
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

const POWER_MONITOR_DETECTION: LockDetectionStatus = {
  screenLock: 'detected',
  detail: 'The operating system reports screen locks to the app.',
};

/**
 * powerMonitor reports suspend everywhere and the screen lock on Windows and
 * macOS; on Linux the screen lock comes from D-Bus (linux-session-lock-watch.ts).
 */
function createOsLockEvents(): LockEventSource {
  let linuxWatch: SessionLockWatch | undefined;
  return {
    onLockRequested(listener) {
      const onLockScreen = () => listener('os-lock' satisfies OsLockReason);
      const onSuspend = () => listener('suspend' satisfies OsLockReason);
      powerMonitor.on('lock-screen', onLockScreen);
      powerMonitor.on('suspend', onSuspend);
      const watch = process.platform === 'linux' ? watchLinuxSessionLock({ onLock: onLockScreen }) : undefined;
      linuxWatch = watch ?? linuxWatch;
      return () => {
        powerMonitor.off('lock-screen', onLockScreen);
        powerMonitor.off('suspend', onSuspend);
        watch?.stop();
      };
    },
    detection() {
      if (process.platform !== 'linux') return POWER_MONITOR_DETECTION;
      return linuxWatch?.detection() ?? { screenLock: 'starting', detail: 'Not listening for screen locks yet.' };
    },
  };
}

export function createElectronServices(isDevelopment: boolean): MainServices {
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
    lockEvents: createOsLockEvents(),
  };
}
