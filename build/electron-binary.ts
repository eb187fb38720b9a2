import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type ElectronBinary = { readonly found: true; readonly path: string } | { readonly found: false; readonly why: string };

const electronPackageDir = path.resolve(__dirname, '../node_modules/electron');

function platformExecutable(): string {
  if (process.platform === 'win32') return 'electron.exe';
  if (process.platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return 'electron';
}

/**
 * Finds the Electron binary without triggering the npm package's lazy
 * download (requiring `electron` from Node would try to fetch it).
 */
export function locateElectronBinary(): ElectronBinary {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = path.join(override, platformExecutable());
    return existsSync(candidate)
      ? { found: true, path: candidate }
      : { found: false, why: `ELECTRON_OVERRIDE_DIST_PATH is set, but ${candidate} does not exist.` };
  }
  const pathFile = path.join(electronPackageDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      found: false,
      why: 'The Electron binary has not been downloaded (node_modules/electron/path.txt is missing).',
    };
  }
  const candidate = path.join(electronPackageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(candidate)
    ? { found: true, path: candidate }
    : { found: false, why: `The Electron binary is missing at ${candidate}.` };
}

export const ELECTRON_MISSING_ADVICE = [
  'CaseDesk needs the Electron binary, which npm does not ship: it is a separate download',
  'from Electron\'s GitHub releases, and this machine cannot reach it (Electron\'s installer was tried).',
  'On a connected machine, run `npx install-electron` inside this project (or download',
  'electron-v<version>-<platform>-<arch>.zip from the Electron releases page), copy the',
  'unpacked folder here and point ELECTRON_OVERRIDE_DIST_PATH at it, e.g.',
  '  ELECTRON_OVERRIDE_DIST_PATH=/opt/electron npm start',
  'Without it, `npm run start:browser` runs the same app in Chromium through the test harness.',
].join('\n');

export interface ElectronInstallSteps {
  readonly locate: () => ElectronBinary;
  /** Runs Electron's own installer (it downloads the binary); resolves to its exit code. */
  readonly runInstaller: () => Promise<number>;
  /** ELECTRON_OVERRIDE_DIST_PATH is set: the user chose a binary, nothing is downloaded over it. */
  readonly overrideChosen: boolean;
  readonly log: (line: string) => void;
}

/**
 * The binary, fetching it first where it is missing: npm may have skipped or
 * failed the download, and on a connected machine Electron's own installer
 * fixes that. Offline it fails, and the caller prints the advice.
 */
export async function ensureElectronBinary(steps: ElectronInstallSteps): Promise<ElectronBinary> {
  const first = steps.locate();
  if (first.found || steps.overrideChosen) return first;
  steps.log(`${first.why}\nRunning Electron's own installer: node node_modules/electron/install.js`);
  const exitCode = await steps.runInstaller();
  const second = steps.locate();
  if (second.found) return second;
  return { found: false, why: `${first.why} Electron's installer could not fetch it (exit ${exitCode}).` };
}

export function runElectronInstaller(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(electronPackageDir, 'install.js')], { cwd: electronPackageDir, stdio: 'inherit' });
    child.on('error', () => resolve(127));
    child.on('exit', (code, signal) => resolve(signal ? 1 : (code ?? 1)));
  });
}
