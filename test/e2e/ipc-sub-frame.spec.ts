import { expect, test } from '@playwright/test';
import { launchBrowserHost, type BrowserHost } from '../harness/browser-host';

/**
 * The app's CSP forbids frames, so this builds the situation it guards
 * against: a page and an iframe, both at the app's own origin, both with
 * `window.casedesk` (the harness bridges every frame, as a preload could).
 * Only the top frame may call main.
 */
let host: BrowserHost;

test.beforeEach(async () => {
  host = await launchBrowserHost();
});

test.afterEach(async () => {
  await host.close();
});

test("an iframe's IPC call is refused, even at the app's origin; the top frame's is answered", async () => {
  await host.context.route(`${host.appOrigin}/frame-probe/**`, (route) => {
    const inner = route.request().url().endsWith('/inner.html');
    return route.fulfill({
      contentType: 'text/html',
      body: inner ? '<!doctype html><title>inner</title><p>inner</p>' : '<!doctype html><title>outer</title><iframe src="/frame-probe/inner.html"></iframe>',
    });
  });
  const page = await host.context.newPage();
  await page.goto(`${host.appOrigin}/frame-probe/outer.html`);
  const inner = page.frames().find((frame) => frame.url().endsWith('/frame-probe/inner.html'));
  expect(inner, 'the iframe loaded at the app origin').toBeDefined();
  await inner!.waitForLoadState();

  const fromTop = await page.evaluate(() => window.casedesk.app.info());
  expect(fromTop).toMatchObject({ ok: true, value: { name: 'CaseDesk' } });

  const fromFrame = await inner!.evaluate(() => window.casedesk.app.info());
  expect(fromFrame).toEqual({ ok: false, error: { code: 'ForbiddenSender', message: 'IPC call refused: the sender is not the main frame' } });
  const sealFromFrame = await inner!.evaluate(() => window.casedesk.keystore.seal({ secret: 'c2VjcmV0' }));
  expect(sealFromFrame).toMatchObject({ ok: false, error: { code: 'ForbiddenSender' } });
  await page.close();
});
