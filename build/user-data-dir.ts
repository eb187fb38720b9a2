import { homedir } from 'node:os';
import path from 'node:path';

/**
 * The folder Electron gives CaseDesk as `app.getPath('userData')`, computed
 * without Electron so the launcher can keep the demo endpoint's database
 * beside the app's own data: `appData` per platform, then the product name.
 */

/** package.json's productName, which Electron uses as the app's name. */
export const APP_NAME = 'CaseDesk';

export interface UserDataMachine {
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homedir: string;
}

/** Electron's `appData`: %APPDATA%, ~/Library/Application Support, or $XDG_CONFIG_HOME (else ~/.config). */
export function appDataDir(machine: UserDataMachine): string {
  if (machine.platform === 'win32') {
    return machine.env.APPDATA || path.win32.join(machine.homedir, 'AppData', 'Roaming');
  }
  if (machine.platform === 'darwin') return path.posix.join(machine.homedir, 'Library', 'Application Support');
  // The XDG spec ignores a relative XDG_CONFIG_HOME, and so does Chromium.
  const xdg = machine.env.XDG_CONFIG_HOME;
  return xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(machine.homedir, '.config');
}

export function userDataDir(machine: UserDataMachine = { platform: process.platform, env: process.env, homedir: homedir() }): string {
  const join = machine.platform === 'win32' ? path.win32.join : path.posix.join;
  return join(appDataDir(machine), APP_NAME);
}
