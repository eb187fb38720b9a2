import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKeyedStorage } from '../test-support/keyed-storage';
import type { Mutation, MutationResult, PushResponse } from '../../shared/sync-protocol/push';
import type { Storage } from '../storage/storage';
import { callApi, enrolOverHttp } from '../test-support/api-test-server';
import { expectExactlyOnce } from '../test-support/check-exactly-once';
import { buildWorkload, runWorkload, seedWorkloadWorld } from '../test-support/device-workload';
import { dropSchemaOf, freshSchemaUrl, probePostgres } from '../test-support/postgres-for-tests';
import { SeededRandom } from '../../shared/synthetic-cases/seeded-random';
import { startServerProcess } from '../test-support/spawn-server-process';

const DEVICES = 20;
const MUTATIONS_PER_DEVICE = 100;
const RESEND_SHARE = 0.2;
/** Share of requests also sent to the other node at the same moment: a retry racing its original. */
const RACE_SHARE = 0.15;

const postgres = await probePostgres();
if (!postgres.available) console.log(`multi-node test: skipping — ${postgres.reason}`);

/** Of two replies to the same request, keep per mutation the first outcome (the other must be its duplicate). */
function mergeRacedResults(a: MutationResult[], b: MutationResult[]): MutationResult[] {
  return a.map((resultA, index) => {
    const resultB = b[index]!;
    if (resultA.status === 'duplicate' && resultB.status === 'duplicate') {
      expect(resultA).toEqual(resultB);
      return resultA;
    }
    if (resultA.status === 'duplicate') {
      expect(resultA.first).toEqual(resultB);
      return resultB;
    }
    expect(resultB).toEqual({ mutationId: resultA.mutationId, status: 'duplicate', first: resultA });
    return resultA;
  });
}

describe.skipIf(!postgres.available)('many nodes, one PostgreSQL', () => {
  const url = postgres.available ? freshSchemaUrl(postgres.baseUrl) : '';
  let storage: Storage;
  let owned: string[][];
  const nodes: Array<Awaited<ReturnType<typeof startServerProcess>>> = [];

  beforeAll(async () => {
    storage = openKeyedStorage(url, { poolSize: 4 });
    await storage.migrate(new Date().toISOString());
    owned = await seedWorkloadWorld(storage, DEVICES, 4);
    nodes.push(...(await Promise.all([startServerProcess(url), startServerProcess(url)])));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.stop()));
    await storage?.close();
    if (url) await dropSchemaOf(url);
  });

  it(`two server processes, random routing: ${DEVICES} devices × ${MUTATIONS_PER_DEVICE} mutations land exactly once`, async () => {
    const devices = await Promise.all(
      owned.map(async (caseIds, index) => {
        const { token } = await enrolOverHttp(storage, nodes[index % 2]!.baseUrl, `wl-user-${index}`);
        return { token, workload: buildWorkload(`wl-user-${index}`, caseIds, MUTATIONS_PER_DEVICE, RESEND_SHARE, 7000 + index) };
      }),
    );
    let raced = 0;
    const results = await Promise.all(
      devices.map(({ token, workload }, deviceIndex) => {
        const random = new SeededRandom(9000 + deviceIndex);
        const pushTo = (node: number, mutations: Mutation[]) => callApi(nodes[node]!.baseUrl, '/api/v1/push', { token, body: { mutations } });
        return runWorkload(workload, async (mutations) => {
          const node = random.integer(0, 1);
          if (random.next() >= RACE_SHARE) return pushTo(node, mutations);
          raced += 1;
          const [first, second] = await Promise.all([pushTo(node, mutations), pushTo(1 - node, mutations)]);
          if (first.status !== 200 || second.status !== 200) return first.status !== 200 ? first : second;
          return {
            status: 200,
            json: { results: mergeRacedResults((first.json as PushResponse).results, (second.json as PushResponse).results) },
          };
        });
      }),
    );
    let applied = 0;
    for (const [index, { workload }] of devices.entries()) applied += (await expectExactlyOnce(storage, workload, results[index]!, expect)).applied;
    expect(applied).toBe(DEVICES * MUTATIONS_PER_DEVICE);
    expect(raced).toBeGreaterThan(0);
    for (const node of nodes) expect(node.logs()).not.toMatch(/"level":"error"/);
  }, 180_000);
});
