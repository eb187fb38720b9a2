import { expect, test } from '@playwright/test';
import { describeIpcSurface } from '../../shared/ipc/channels';
import { launchBrowserHost, BUILT_RENDERER_DIR, type BrowserHost } from '../harness/browser-host';
import { startRendererServer } from '../harness/renderer-server';
import { PRETEND_DEVICE_BOUND_BACKEND } from '../harness/stand-ins/stand-in-keystore';
import { CONTENT_SECURITY_POLICY } from '../../electron/security/content-security-policy';
import { expectAppFrameReady } from './app-frame-expectations';

let host: BrowserHost;

test.beforeEach(async () => {
  host = await launchBrowserHost();
});

test.afterEach(async () => {
  await host.close();
});

test('the built renderer loads and shows what main answers to app.info', async () => {
  await expectAppFrameReady(host.page, /browser harness/);
  const info = await host.page.evaluate(() => window.casedesk.app.info());
  expect(info).toMatchObject({ ok: true, value: { name: 'CaseDesk', host: 'browser-harness' } });
});

test('window.casedesk has exactly the contract surface, frozen', async () => {
  const surface = describeIpcSurface();
  const expected = [...surface.calls, ...surface.events].map(([namespace, name]) => `${namespace}.${name}`).sort();
  const exposed = await host.page.evaluate(() => {
    const bridge = window.casedesk as unknown as Record<string, Record<string, unknown>>;
    return Object.entries(bridge).flatMap(([namespace, members]) =>
      Object.keys(members).map((name) => `${namespace}.${name}`),
    );
  });
  expect(exposed.sort()).toEqual(expected);
  const writable = await host.page.evaluate(() => {
    try {
      (window.casedesk.app as unknown as Record<string, unknown>).info = () => 'hijacked';
    } catch {
      // strict-mode assignment to a frozen object throws; either way it must not stick
    }
    return Object.isFrozen(window.casedesk.app);
  });
  expect(writable).toBe(true);
});

test('the served renderer carries the one CSP, and the CSP blocks an injected inline script', async () => {
  const response = await host.page.request.get(host.appUrl);
  expect(response.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);

  const outcome = await host.page.evaluate(async () => {
    const violation = new Promise<string>((resolve) =>
      document.addEventListener('securitypolicyviolation', (event) => resolve(event.violatedDirective), { once: true }),
    );
    const script = document.createElement('script');
    script.textContent = 'window.__injectedRan = true;';
    document.body.append(script);
    const directive = await violation;
    return { directive, ran: (window as unknown as { __injectedRan?: boolean }).__injectedRan === true };
  });
  expect(outcome.ran).toBe(false);
  expect(outcome.directive).toMatch(/^script-src/);
});

test('a page from another origin gets ForbiddenSender from the same bridge', async () => {
  const foreign = await startRendererServer(BUILT_RENDERER_DIR);
  try {
    const page = await host.context.newPage();
    await page.goto(`${foreign.origin}/index.html`, { timeout: 20_000 });
    const answer = await page.evaluate(() => window.casedesk.app.info());
    expect(answer).toMatchObject({ ok: false, error: { code: 'ForbiddenSender' } });
    await page.close();
  } finally {
    await foreign.close();
  }
});

test('the default stand-in keystore reports itself as binding nothing to the device', async () => {
  const status = await host.page.evaluate(() => window.casedesk.keystore.status());
  expect(status).toEqual({ ok: true, value: { available: false, backend: 'stand-in', deviceBound: false } });
});

test('bad input is refused with InvalidInput; a keystore asked to pretend device binding seals and unseals through the bridge', async () => {
  await host.close();
  host = await launchBrowserHost({ keystoreBackend: PRETEND_DEVICE_BOUND_BACKEND });
  const bad = await host.page.evaluate(() =>
    window.casedesk.keystore.seal({ secret: 'not base64 !!' } as { secret: string }),
  );
  expect(bad).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });

  const roundTrip = await host.page.evaluate(async () => {
    const sealed = await window.casedesk.keystore.seal({ secret: btoa('wrapped-key-bytes') });
    if (!sealed.ok) return sealed;
    return window.casedesk.keystore.unseal({ sealed: sealed.value.sealed });
  });
  expect(roundTrip).toEqual({ ok: true, value: { secret: btoa('wrapped-key-bytes') } });
});

test('an OS lock reaches the renderer as a lock request', async () => {
  await expectAppFrameReady(host.page, /browser harness/);
  host.services.lockEvents.simulate('suspend');
  await expect(host.page.getByTestId('lock-reason')).toHaveText(/went to sleep/);
});

test('app.demoEnrolment reaches the renderer: null by default, the launcher\'s prefill when given', async () => {
  expect(await host.page.evaluate(() => window.casedesk.app.demoEnrolment())).toEqual({ ok: true, value: null });
  const prefill = { endpointUrl: 'http://127.0.0.1:41917', code: '0123456789ABCDEF', deviceName: 'CaseDesk demo device' };
  const demoHost = await launchBrowserHost({ demoEnrolment: prefill });
  try {
    expect(await demoHost.page.evaluate(() => window.casedesk.app.demoEnrolment())).toEqual({ ok: true, value: prefill });
  } finally {
    await demoHost.close();
  }
});
