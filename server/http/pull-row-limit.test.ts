import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PullResponse } from '../../shared/sync-protocol/pull';
import type { Storage } from '../storage/storage';
import { enrolOverHttp, startApiServer } from '../test-support/api-test-server';
import { seedReviewWorld } from '../test-support/seed-review-world';
import { storageTargets } from '../test-support/storage-targets';

const targets = await storageTargets('pull row limit');

/**
 * Pull costs several queries per change, so the limit counts changes served, not requests:
 * a device within its request budget is still held off once it has pulled its rows for the minute.
 */
describe.each(targets)('pull row limit: $name', (target) => {
  let storage: Storage;
  let cleanup: () => Promise<void>;
  let server: Awaited<ReturnType<typeof startApiServer>>;
  let clock: number;

  beforeEach(async () => {
    ({ storage, cleanup } = await target.open());
    await seedReviewWorld(storage, 6);
    clock = Date.now();
    server = await startApiServer(
      storage,
      { enrolPerAddress: { burst: 100, perSecond: 100 }, requestsPerDevice: { burst: 1000, perSecond: 1000 }, pullRowsPerDevice: { burst: 5, perSecond: 5 / 60 } },
      { now: () => new Date(clock) },
    );
  });

  afterEach(async () => {
    await server.stop();
    await cleanup();
  });

  it('answers 429 with Retry-After once a device has pulled its rows for the minute, per device', async () => {
    const alice = await enrolOverHttp(storage, server.baseUrl, 'alice');
    const bob = await enrolOverHttp(storage, server.baseUrl, 'bob');
    const pull = (token: string, query = '') => fetch(`${server.baseUrl}/api/v1/pull${query}`, { headers: { authorization: `Bearer ${token}` } });

    const first = await pull(alice.token);
    expect(first.status).toBe(200);
    const page = (await first.json()) as PullResponse;
    expect(page.changes.length).toBeGreaterThan(5);

    const held = await pull(alice.token, `?cursor=${page.cursor}`);
    expect(held.status).toBe(429);
    expect(((await held.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    const retryAfter = Number(held.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(12 * page.changes.length - 60);

    // Another device has its own budget.
    expect((await pull(bob.token)).status).toBe(200);
  });

  it('a small pull within the budget is not held off', async () => {
    const alice = await enrolOverHttp(storage, server.baseUrl, 'alice');
    const pull = (query: string) => fetch(`${server.baseUrl}/api/v1/pull${query}`, { headers: { authorization: `Bearer ${alice.token}` } });
    for (let index = 0; index < 4; index += 1) {
      const reply = await pull('?limit=1');
      expect(reply.status).toBe(200);
      const body = (await reply.json()) as PullResponse;
      expect(body.changes).toHaveLength(1);
    }
  });
});
