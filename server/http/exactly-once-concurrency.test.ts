import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../storage/open-storage';
import type { Storage } from '../storage/storage';
import { callApi, enrolOverHttp, startApiServer } from '../test-support/api-test-server';
import { expectExactlyOnce } from '../test-support/check-exactly-once';
import { buildWorkload, runWorkload, seedWorkloadWorld } from '../test-support/device-workload';

const DEVICES = 50;
const MUTATIONS_PER_DEVICE = 200;
const RESEND_SHARE = 0.2;

describe('exactly once under concurrency (SQLite, loopback HTTP)', () => {
  let storage: Storage;
  let server: Awaited<ReturnType<typeof startApiServer>>;
  let owned: string[][];

  beforeAll(async () => {
    storage = openStorage(':memory:');
    await storage.migrate(new Date().toISOString());
    owned = await seedWorkloadWorld(storage, DEVICES, 4);
    server = await startApiServer(storage, { enrolPerAddress: { burst: 1000, perSecond: 1000 } });
  }, 60_000);

  afterAll(async () => {
    await server.stop();
    await storage.close();
  });

  it(`${DEVICES} devices × ${MUTATIONS_PER_DEVICE} mutations with ${RESEND_SHARE * 100}% re-sent land exactly once`, async () => {
    const devices = await Promise.all(
      owned.map(async (caseIds, index) => {
        const { token } = await enrolOverHttp(storage, server.baseUrl, `wl-user-${index}`);
        return { token, workload: buildWorkload(`wl-user-${index}`, caseIds, MUTATIONS_PER_DEVICE, RESEND_SHARE, 1000 + index) };
      }),
    );
    const results = await Promise.all(
      devices.map(({ token, workload }) =>
        runWorkload(workload, (mutations) => callApi(server.baseUrl, '/api/v1/push', { token, body: { mutations } })),
      ),
    );
    let applied = 0;
    let duplicates = 0;
    for (const [index, { workload }] of devices.entries()) {
      const counts = await expectExactlyOnce(storage, workload, results[index]!, expect);
      applied += counts.applied;
      duplicates += counts.duplicates;
    }
    expect(applied).toBe(DEVICES * MUTATIONS_PER_DEVICE);
    expect(duplicates).toBe(DEVICES * Math.round(MUTATIONS_PER_DEVICE * RESEND_SHARE));
  }, 120_000);
});
