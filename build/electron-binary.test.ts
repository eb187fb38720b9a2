import { describe, expect, it } from 'vitest';
import { ensureElectronBinary, type ElectronBinary } from './electron-binary';

const MISSING: ElectronBinary = { found: false, why: 'The Electron binary has not been downloaded.' };
const PRESENT: ElectronBinary = { found: true, path: '/project/node_modules/electron/dist/electron' };

function steps(options: { before: ElectronBinary; after?: ElectronBinary; installerExit?: number; overrideChosen?: boolean }) {
  let installed = false;
  const log: string[] = [];
  return {
    log,
    ran: () => installed,
    steps: {
      locate: () => (installed ? (options.after ?? options.before) : options.before),
      runInstaller: async () => {
        installed = true;
        return options.installerExit ?? 0;
      },
      overrideChosen: options.overrideChosen ?? false,
      log: (line: string) => log.push(line),
    },
  };
}

describe('ensureElectronBinary', () => {
  it('runs nothing when the binary is there', async () => {
    const machine = steps({ before: PRESENT });
    expect(await ensureElectronBinary(machine.steps)).toEqual(PRESENT);
    expect(machine.ran()).toBe(false);
  });

  it('runs Electron\'s installer when the binary is missing, and says so', async () => {
    const machine = steps({ before: MISSING, after: PRESENT });
    expect(await ensureElectronBinary(machine.steps)).toEqual(PRESENT);
    expect(machine.ran()).toBe(true);
    expect(machine.log.join('\n')).toMatch(/node node_modules\/electron\/install\.js/);
  });

  it('reports why when the installer cannot fetch it (offline)', async () => {
    const machine = steps({ before: MISSING, installerExit: 1 });
    expect(await ensureElectronBinary(machine.steps)).toEqual({
      found: false,
      why: 'The Electron binary has not been downloaded. Electron\'s installer could not fetch it (exit 1).',
    });
  });

  it('downloads nothing over a binary chosen with ELECTRON_OVERRIDE_DIST_PATH', async () => {
    const chosenButMissing: ElectronBinary = { found: false, why: 'ELECTRON_OVERRIDE_DIST_PATH is set, but /opt/electron/electron does not exist.' };
    const machine = steps({ before: chosenButMissing, after: PRESENT, overrideChosen: true });
    expect(await ensureElectronBinary(machine.steps)).toEqual(chosenButMissing);
    expect(machine.ran()).toBe(false);
  });
});
