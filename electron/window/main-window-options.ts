import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The main window's options. Every security-relevant preference is spelled out
 * even where it is Electron's default, so a default changing upstream cannot
 * quietly weaken the shell.
 */
export function buildMainWindowOptions(preloadPath: string, isDevelopment: boolean): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: 'CaseDesk',
    backgroundColor: '#f4f5f7',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Chromium's Linux spellchecker downloads dictionaries and sees every
      // typed word: case text must never feed it.
      spellcheck: false,
      devTools: isDevelopment,
    },
  };
}
