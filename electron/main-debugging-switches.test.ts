import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFakeElectron, FakeBrowserWindow, type FakeElectron } from './testing/fake-electron';

/** Loads the real electron/main.ts as if started with a debugging switch. */
describe.each([
  ['on the command line', (_electron: FakeElectron) => ['--remote-debugging-port=9222']],
  ['only in Electron\'s parsed switches', (electron: FakeElectron) => {
    electron.app.switches.add('js-flags');
    return [];
  }],
])('main started with a debugging switch %s', (_label, arrange) => {
  let electron: FakeElectron;
  const savedArgv = process.argv;

  beforeAll(async () => {
    vi.resetModules();
    FakeBrowserWindow.created.length = 0;
    electron = createFakeElectron();
    process.argv = [savedArgv[0]!, ...arrange(electron)];
    vi.doMock('electron', () => electron);
    await import('./main');
    electron.markReady();
    await new Promise((resolve) => setTimeout(resolve, 50));
  });

  afterAll(() => {
    process.argv = savedArgv;
    vi.doUnmock('electron');
  });

  it('exits non-zero, saying why, before any scheme, window or IPC handler exists', () => {
    expect(electron.app.exitCodes).toEqual([1]);
    expect(electron.dialog.errorBoxes).toHaveLength(1);
    expect(electron.dialog.errorBoxes[0]!.content).toMatch(/does not run with debugging switches \(--(remote-debugging-port|js-flags)\)/);
    expect(electron.privilegedSchemes).toEqual([]);
    expect(FakeBrowserWindow.created).toEqual([]);
    expect(electron.ipcHandlers.size).toBe(0);
    expect(electron.app.listenerCount('web-contents-created')).toBe(0);
  });
});
