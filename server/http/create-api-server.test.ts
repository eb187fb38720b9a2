import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../storage/open-storage';
import type { Storage } from '../storage/storage';
import { callApi, enrolOverHttp, startApiServer, TEST_PUBLIC_KEY } from '../test-support/api-test-server';
import { seedReviewWorld } from '../test-support/seed-review-world';
import { createApiServer } from './create-api-server';
import type { AddressInfo } from 'node:net';

describe('rate limits', () => {
  let storage: Storage;
  let server: Awaited<ReturnType<typeof startApiServer>>;

  beforeAll(async () => {
    storage = openStorage(':memory:');
    await storage.migrate(new Date().toISOString());
    await seedReviewWorld(storage);
    server = await startApiServer(storage, {
      enrolPerAddress: { burst: 3, perSecond: 0.001 },
      requestsPerDevice: { burst: 5, perSecond: 0.001 },
    });
  });

  afterAll(async () => {
    await server.stop();
    await storage.close();
  });

  it('limits enrolment attempts per address and requests per device', async () => {
    const { token } = await enrolOverHttp(storage, server.baseUrl, 'alice');
    const attempts = [];
    for (let index = 0; index < 3; index += 1) {
      attempts.push(await callApi(server.baseUrl, '/api/v1/enrol', { body: { code: 'ABCDEFGHJKMNPQRS', deviceName: 'x', publicKey: TEST_PUBLIC_KEY } }));
    }
    expect(attempts.map((reply) => reply.status)).toEqual([400, 400, 429]);
    expect(attempts[2]!.json).toMatchObject({ error: { code: 'rate_limited' } });

    const statuses = [];
    for (let index = 0; index < 7; index += 1) statuses.push((await callApi(server.baseUrl, '/api/v1/pull', { token })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect((await callApi(server.baseUrl, '/api/v1/health')).status).toBe(200);
  });
});

describe('failures below the API', () => {
  it('answer 500 internal_error without the message, and log only the error kind', async () => {
    const secret = 'Victim P000123 seen at the Eastfield address';
    const failing = {
      getDevice: async () => {
        throw Object.assign(new Error(secret), { code: 'XX000' });
      },
    } as unknown as Storage;
    const lines: string[] = [];
    const log = {
      info: (event: string, fields?: object) => lines.push(JSON.stringify({ event, ...fields })),
      warn: (event: string, fields?: object) => lines.push(JSON.stringify({ event, ...fields })),
      error: (event: string, fields?: object) => lines.push(JSON.stringify({ event, ...fields })),
    };
    const server = createApiServer({ storage: failing, log });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const reply = await callApi(baseUrl, '/api/v1/pull', { token: `dev_${'0'.repeat(20)}.${'a'.repeat(43)}` });
      expect(reply).toEqual({
        status: 500,
        contentType: 'application/json; charset=utf-8',
        json: { error: { code: 'internal_error', message: 'The server could not complete the request.' } },
      });
      expect(lines.join('\n')).not.toContain('Victim');
      expect(lines.some((line) => line.includes('"event":"request_failed"') && line.includes('"code":"XX000"'))).toBe(true);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
