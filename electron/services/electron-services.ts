import { app, BrowserWindow, dialog, powerMonitor, safeStorage, type MessageBoxOptions, type OpenDialogOptions } from 'electron';
import type { DemoEnrolment, LockDetectionStatus, OsLockReason } from '../../shared/ipc/contract';
import { readDiskEncryptionStatus } from '../os-disk/disk-encryption';
import { watchLinuxSessionLock, type SessionLockWatch } from '../os-lock/linux-session-lock-watch';
import { createElectronEndpointTransport } from './electron-endpoint-transport';
import type { DialogService, KeystoreBackend, LockEventSource, MainServices } from './main-services';

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

/** Native message boxes, modal to the focused window; the safe choice (cancel) is the default and Escape. */
function createNativeDialogs(): DialogService {
  return {
    async confirm(question) {
      const options: MessageBoxOptions = {
        type: 'warning',
        title: question.title,
        message: question.message,
        detail: question.detail,
        buttons: [question.cancelLabel, question.confirmLabel],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      };
      const parent = BrowserWindow.getFocusedWindow();
      const { response } = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
      return response === 1;
    },
    async chooseFolder(question) {
      const options: OpenDialogOptions = {
        title: question.title,
        buttonLabel: question.buttonLabel,
        // createDirectory: macOS's "New Folder" button; Windows and Linux dialogs offer one of their own.
        properties: ['openDirectory', 'createDirectory', 'dontAddToRecent'],
      };
      const parent = BrowserWindow.getFocusedWindow();
      const { canceled, filePaths } = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      return canceled ? null : (filePaths[0] ?? null);
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
    lockEvents: createOsLockEvents(),
    dialogs: createNativeDialogs(),
    endpointTransport: createElectronEndpointTransport(),
    mainConfigDir: app.getPath('userData'),
    log: (line) => console.warn(line),
    demoEnrolment,
    diskEncryption: () => readDiskEncryptionStatus(process.platform, app.getPath('userData')),
  };
}
