import path from 'node:path';
import { _electron as electron, test } from '@playwright/test';
import { locateElectronBinary } from '../../build/electron-binary';
import { expectAppFrameReady } from './app-frame-expectations';

const binary = locateElectronBinary();
if (!binary.found) {
  console.log(`[electron-smoke] skipped: ${binary.why} Set ELECTRON_OVERRIDE_DIST_PATH to run it.`);
}

test.describe('the packaged shell under Playwright _electron', () => {
  test.skip(!binary.found, binary.found ? '' : `No Electron binary: ${binary.why}`);

  test('the real shell loads the renderer from app:// and answers app.info', async () => {
    if (!binary.found) return;
    const app = await electron.launch({
      executablePath: binary.path,
      args: [path.resolve(__dirname, '../..')],
    });
    try {
      const page = await app.firstWindow();
      await expectAppFrameReady(page, /Electron/);
      test.expect(page.url()).toBe('app://casedesk/index.html');
    } finally {
      await app.close();
    }
  });
});
