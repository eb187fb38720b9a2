import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchBrowserHost } from './browser-host';
import { ensureChromium, thisMachine } from './ensure-chromium';

/**
 * `npm run start:browser`: the app in Chromium through the harness,
 * for development and for machines without the Electron binary. Headed where
 * a display exists; otherwise headless, leaving a screenshot behind.
 */
async function main(): Promise<void> {
  const chromium = await ensureChromium(thisMachine());
  if (!chromium.ok) throw new Error(chromium.advice);
  const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  const profileDir = path.resolve(__dirname, '../../.casedesk-browser-profile');
  mkdirSync(profileDir, { recursive: true });
  const host = await launchBrowserHost({ headless: !hasDisplay, userDataDir: profileDir });
  await host.page.getByTestId('app-info').waitFor({ timeout: 15_000 });
  if (hasDisplay) {
    console.log(`CaseDesk is running in Chromium at ${host.appUrl} (browser host harness). Close the window to stop.`);
    await new Promise<void>((resolve) => host.context.on('close', () => resolve()));
    return;
  }
  const screenshotPath = path.resolve(__dirname, '../../test-results/start-browser.png');
  mkdirSync(path.dirname(screenshotPath), { recursive: true });
  await host.page.screenshot({ path: screenshotPath, fullPage: true });
  console.log(`No display found, so CaseDesk ran headless. Screenshot: ${screenshotPath}`);
  await host.close();
}

main().catch((error: unknown) => {
  console.error(`start:browser failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
