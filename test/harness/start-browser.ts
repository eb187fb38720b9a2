import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DemoEndpointFailed, demoEndpointPort, describeDemoEndpoint, startDemoEndpoint, type DemoEndpoint } from '../../build/demo-endpoint';
import { userDataDir } from '../../build/user-data-dir';
import { readDemoEnrolment } from '../../electron/services/demo-enrolment';
import { launchBrowserHost } from './browser-host';
import { ensureChromium, thisMachine } from './ensure-chromium';

/**
 * `npm run start:browser`: what `npm start` does, with the app in Chromium
 * through the harness instead of Electron (for development and for machines
 * without the Electron binary): a local demo endpoint, then the app with it
 * and a reviewer code prefilled. Headed where a display exists; otherwise
 * headless, leaving a screenshot behind. The endpoint stops with the browser.
 */
async function main(): Promise<void> {
  const chromium = await ensureChromium(thisMachine());
  if (!chromium.ok) throw new Error(chromium.advice);

  let endpoint: DemoEndpoint;
  try {
    endpoint = await startDemoEndpoint({ userDataDir: userDataDir(), port: demoEndpointPort(process.env) });
  } catch (error) {
    if (!(error instanceof DemoEndpointFailed)) throw error;
    throw new Error(
      `the demo endpoint could not start: ${error.message}\nIts files are in ${path.join(userDataDir(), 'demo-endpoint')}: ` +
        'delete that folder to start the demo afresh, or set CASEDESK_DEMO_PORT if the port is taken.',
    );
  }
  try {
    console.log(describeDemoEndpoint(endpoint));
    // The same check main applies to the launcher's variables in the Electron shell.
    const demoEnrolment = readDemoEnrolment({ CASEDESK_DEMO_ENDPOINT: endpoint.endpointUrl, CASEDESK_DEMO_CODE: endpoint.reviewer.code });
    const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
    const profileDir = path.resolve(__dirname, '../../.casedesk-browser-profile');
    mkdirSync(profileDir, { recursive: true });
    const host = await launchBrowserHost({ headless: !hasDisplay, userDataDir: profileDir, demoEnrolment });
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
  } finally {
    await endpoint.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`start:browser failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
