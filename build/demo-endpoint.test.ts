import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { enrolmentCodeSchema } from '../shared/sync-protocol/enrol';
import { DEMO_ENDPOINT_PORT, demoEndpointPort, describeDemoEndpoint, startDemoEndpoint, type DemoEndpoint } from './demo-endpoint';

const PUBLIC_KEY = { kty: 'EC', crv: 'P-256', x: 'A'.repeat(43), y: 'B'.repeat(43) };

async function enrol(endpointUrl: string, code: string): Promise<{ status: number; body: { userId?: string; token?: string } }> {
  const response = await fetch(`${endpointUrl}/api/v1/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, deviceName: 'Demo test laptop', publicKey: PUBLIC_KEY }),
  });
  return { status: response.status, body: (await response.json()) as { userId?: string; token?: string } };
}

describe('the demo endpoint', () => {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'casedesk-userdata-'));
  const running: DemoEndpoint[] = [];
  afterAll(async () => {
    await Promise.all(running.map((endpoint) => endpoint.stop()));
    rmSync(userDataDir, { recursive: true, force: true });
  });

  it('seeds the demo once, then keeps its data and issues fresh single-use codes', async () => {
    const first = await startDemoEndpoint({ userDataDir, port: 0 });
    running.push(first);
    expect(first.databasePath).toBe(path.join(userDataDir, 'demo-endpoint', 'casedesk.sqlite'));
    expect(first.endpointUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.seeded).toEqual({ cases: 24, batches: 4 });
    expect(first.reviewer.userId).toBe('demo-reviewer-1');
    expect(first.lead.userId).toBe('demo-lead');
    expect(enrolmentCodeSchema.safeParse(first.reviewer.code).success).toBe(true);
    const banner = describeDemoEndpoint(first);
    expect(banner).toContain(first.reviewer.code);
    expect(banner).toContain(first.lead.code);
    expect(banner).toContain(first.endpointUrl);

    const enrolled = await enrol(first.endpointUrl, first.reviewer.code);
    expect(enrolled).toMatchObject({ status: 201, body: { userId: 'demo-reviewer-1' } });
    expect((await enrol(first.endpointUrl, first.lead.code)).body.userId).toBe('demo-lead');
    await first.stop();
    await expect(fetch(`${first.endpointUrl}/api/v1/health`)).rejects.toThrow();

    const second = await startDemoEndpoint({ userDataDir, port: 0 });
    running.push(second);
    expect(second.seeded).toBeNull();
    expect(second.reviewer.code).not.toBe(first.reviewer.code);
    expect(second.lead.code).not.toBe(first.lead.code);
    // The device enrolled before the restart still pulls: the data was kept, not reseeded.
    const pulled = await fetch(`${second.endpointUrl}/api/v1/pull`, { headers: { authorization: `Bearer ${enrolled.body.token}` } });
    expect(pulled.status).toBe(200);
    // The old code stays used; the fresh one works once.
    expect((await enrol(second.endpointUrl, first.reviewer.code)).status).toBe(400);
    expect(await enrol(second.endpointUrl, second.reviewer.code)).toMatchObject({ status: 201, body: { userId: 'demo-reviewer-1' } });
    await second.stop();
  }, 90_000);

  it('fails with the server\'s own words when its port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const { port } = blocker.address() as AddressInfo;
    try {
      await expect(startDemoEndpoint({ userDataDir, port })).rejects.toThrow(/cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\)/);
    } finally {
      blocker.close();
    }
  }, 60_000);

  it('takes CASEDESK_DEMO_PORT only when it is a port number', () => {
    expect(demoEndpointPort({})).toBe(DEMO_ENDPOINT_PORT);
    expect(demoEndpointPort({ CASEDESK_DEMO_PORT: '9090' })).toBe(9090);
    for (const bad of ['0', '70000', 'abc', '80; rm -rf', '']) expect(demoEndpointPort({ CASEDESK_DEMO_PORT: bad })).toBe(DEMO_ENDPOINT_PORT);
  });
});
