import { expect, test } from '@playwright/test';
import { json, startLocalEndpointServer, type LocalEndpointServer } from '../../electron/testing/local-endpoint-server';
import { launchBrowserHost, type BrowserHost } from '../harness/browser-host';

/**
 * The renderer cannot reach the endpoint itself (CSP `connect-src 'none'`);
 * the same call through `window.casedesk.network` is made by main's handlers,
 * which talk only to the origin main enrolled with.
 */
const ENROL_REQUEST = {
  code: '4WF7XG7ZN06NMRDH',
  deviceName: 'Reviewer laptop 12',
  publicKey: { kty: 'EC', crv: 'P-256', x: 'A'.repeat(43), y: 'B'.repeat(43) },
} as const;
const ENROLLED = { deviceId: 'dev_1', userId: 'alice', role: 'reviewer', token: `dev_1.${'T'.repeat(43)}` };

let host: BrowserHost;
let endpoint: LocalEndpointServer;
let elsewhere: LocalEndpointServer;

test.beforeEach(async () => {
  endpoint = await startLocalEndpointServer();
  elsewhere = await startLocalEndpointServer();
  host = await launchBrowserHost();
});

test.afterEach(async () => {
  await host.close();
  await endpoint.close();
  await elsewhere.close();
});

test('the page cannot fetch the endpoint; main can, and only the origin it enrolled with', async () => {
  endpoint.reply(json(200, { status: 'ok', api: 'v1' }));
  const direct = await host.page.evaluate(async (url) => {
    try {
      await fetch(url);
      return 'reached';
    } catch {
      return 'blocked';
    }
  }, `${endpoint.origin}/api/v1/health`);
  expect(direct).toBe('blocked');
  expect(endpoint.requests).toEqual([]);

  endpoint.reply(json(201, ENROLLED));
  const enrolled = await host.page.evaluate(
    ({ endpointUrl, request }) => window.casedesk.network.enrol({ endpointUrl, request }),
    { endpointUrl: endpoint.origin, request: ENROL_REQUEST },
  );
  expect(enrolled).toMatchObject({ ok: true, value: { kind: 'ok', status: 201, origin: endpoint.origin } });

  endpoint.reply(json(200, { status: 'ok', api: 'v1' }));
  await expect(host.page.evaluate(() => window.casedesk.network.health())).resolves.toMatchObject({
    ok: true,
    value: { kind: 'ok', body: { status: 'ok', api: 'v1' } },
  });
  expect(endpoint.requests.map(({ method, url }) => `${method} ${url}`)).toEqual(['POST /api/v1/enrol', 'GET /api/v1/health']);

  // Another origin needs the reviewer's yes in a native dialog; the stand-in says no.
  const moved = await host.page.evaluate(
    ({ endpointUrl, request }) => window.casedesk.network.enrol({ endpointUrl, request }),
    { endpointUrl: elsewhere.origin, request: ENROL_REQUEST },
  );
  expect(moved).toMatchObject({ ok: false, error: { code: 'EnrolmentCancelled' } });
  expect(host.services.dialogs.asked).toHaveLength(1);
  expect(elsewhere.requests).toEqual([]);
  await expect(host.page.evaluate(() => window.casedesk.network.status())).resolves.toEqual({
    ok: true,
    value: { origin: endpoint.origin, pinned: false },
  });
});
