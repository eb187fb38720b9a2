import { app, BrowserWindow, dialog, powerMonitor, safeStorage, type MessageBoxOptions } from 'electron';
import type { DemoEnrolment, OsLockReason } from '../../shared/ipc/contract';
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
    dialogs: createNativeDialogs(),
    endpointTransport: createElectronEndpointTransport(),
    mainConfigDir: app.getPath('userData'),
    log: (line) => console.warn(line),
    demoEnrolment,
  };
}
