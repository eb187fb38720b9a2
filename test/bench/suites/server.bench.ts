import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Mutation, PushResponse } from '../../../shared/sync-protocol/push';
import { createApiServer } from '../../../server/http/create-api-server';
import { createDeviceId, createDeviceToken, sha256Hex } from '../../../server/http/device-credentials';
import { silentLog } from '../../../server/http/structured-log';
import { openStorage } from '../../../server/storage/open-storage';
import type { Storage } from '../../../server/storage/storage';
import { mutationContentHash } from '../../../server/sync/mutation-content-hash';
import { callApi, enrolOverHttp } from '../../../server/test-support/api-test-server';
import { buildWorkload, seedWorkloadWorld } from '../../../server/test-support/device-workload';
import { dropSchemaOf, freshSchemaUrl, probePostgres } from '../../../server/test-support/postgres-for-tests';
import { median, type BenchFigure, type BenchSuite } from '../bench-suite';

const CLIENTS = 50;
const MUTATIONS_PER_CLIENT = 200;
const PAGE = 20;
const RATIO_MUTATIONS = 2000;

async function withServer<T>(storage: Storage, work: (baseUrl: string) => Promise<T>): Promise<T> {
  const server = createApiServer({
    storage,
    log: silentLog,
    limits: { enrolPerAddress: { burst: 1e6, perSecond: 1e6 }, requestsPerDevice: { burst: 1e6, perSecond: 1e6 } },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await work(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

function pages(mutations: readonly Mutation[]): Mutation[][] {
  const result: Mutation[][] = [];
  for (let start = 0; start < mutations.length; start += PAGE) result.push(mutations.slice(start, start + PAGE));
  return result;
}

/** 50 clients push their outboxes at once; throughput over the whole run, p99 over request latencies. */
async function concurrentPush(storage: Storage): Promise<{ perSec: number; p99Ms: number }> {
  const owned = await seedWorkloadWorld(storage, CLIENTS, 4);
  return withServer(storage, async (baseUrl) => {
    const clients = await Promise.all(
      owned.map(async (caseIds, index) => ({
        token: (await enrolOverHttp(storage, baseUrl, `wl-user-${index}`)).token,
        workload: buildWorkload(`wl-user-${index}`, caseIds, MUTATIONS_PER_CLIENT, 0, 100 + index),
      })),
    );
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      clients.map(async ({ token, workload }) => {
        for (const mutations of pages(workload.originals)) {
          const before = performance.now();
          const reply = await callApi(baseUrl, '/api/v1/push', { token, body: { mutations } });
          latencies.push(performance.now() - before);
          if (reply.status !== 200 || (reply.json as PushResponse).results.some((result) => result.status !== 'applied')) throw new Error('bench push failed');
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return { perSec: (CLIENTS * MUTATIONS_PER_CLIENT) / seconds, p99Ms: latencies[Math.floor(latencies.length * 0.99)]! };
  });
}

/**
 * The same mutations in the same pages, once through HTTP (one client) and once straight into
 * storage. Alternating runs after a warm-up, median of three, so JIT warm-up favours neither.
 * Only the writes are timed: seeding, enrolment and server start-up are not.
 */
async function pushRatio(directory: string): Promise<number> {
  let run = 0;
  const timed = async (via: 'http' | 'direct'): Promise<number> => {
    const storage = openStorage(path.join(directory, `ratio-${(run += 1)}.sqlite`));
    await storage.migrate();
    const [caseIds] = await seedWorkloadWorld(storage, 1, 20);
    const userId = 'wl-user-0';
    const deviceId = createDeviceId();
    const token = createDeviceToken(deviceId);
    const now = new Date().toISOString();
    await storage.createEnrolmentCode({ codeHash: 'bench', userId, expiresAt: '2999-01-01T00:00:00.000Z' }, now);
    await storage.redeemEnrolmentCode('bench', { deviceId, name: 'bench', publicKey: '{}', tokenHash: sha256Hex(token) }, now);
    const batches = pages(buildWorkload(userId, caseIds!, RATIO_MUTATIONS, 0, 42).originals);
    try {
      if (via === 'direct') {
        const started = performance.now();
        for (const page of batches) {
          const results = await storage.applyMutations(
            page.map((mutation) => ({ mutation, userId, deviceId, contentHash: mutationContentHash(mutation), now: new Date().toISOString() })),
          );
          if (results.some((result) => result.status !== 'applied')) throw new Error('bench write failed');
        }
        return performance.now() - started;
      }
      return await withServer(storage, async (baseUrl) => {
        const started = performance.now();
        for (const page of batches) {
          const reply = await callApi(baseUrl, '/api/v1/push', { token, body: { mutations: page } });
          if (reply.status !== 200 || (reply.json as PushResponse).results.some((result) => result.status !== 'applied')) throw new Error('bench push failed');
        }
        return performance.now() - started;
      });
    } finally {
      await storage.close();
    }
  };
  await timed('direct');
  await timed('http');
  const ratios: number[] = [];
  for (let round = 0; round < 3; round += 1) ratios.push((await timed('http')) / (await timed('direct')));
  return median(ratios);
}

const suite: BenchSuite = {
  name: 'server',
  async run(): Promise<BenchFigure[]> {
    const directory = mkdtempSync(path.join(tmpdir(), 'casedesk-bench-'));
    const figures: BenchFigure[] = [];
    try {
      const sqlite = openStorage(path.join(directory, 'concurrent.sqlite'));
      await sqlite.migrate();
      const local = await concurrentPush(sqlite);
      await sqlite.close();
      const workload = `${CLIENTS} clients × ${MUTATIONS_PER_CLIENT} mutations, pages of ${PAGE}, SQLite file (WAL)`;
      figures.push({ name: 'server.pushPerSec', value: local.perSec, unit: 'mutations/s', note: workload });
      figures.push({ name: 'server.pushP99Ms', value: local.p99Ms, unit: 'ms per push request', note: workload });

      const postgres = await probePostgres();
      if (postgres.available) {
        const url = freshSchemaUrl(postgres.baseUrl);
        const pg = openStorage(url, { poolSize: 10 });
        try {
          await pg.migrate();
          const remote = await concurrentPush(pg);
          figures.push({ name: 'server.pgPushPerSec', value: remote.perSec, unit: 'mutations/s', note: `${CLIENTS} clients, one node, PostgreSQL` });
        } finally {
          await pg.close();
          await dropSchemaOf(url);
        }
      } else console.log(`bench: server.pgPushPerSec skipped — ${postgres.reason}`);

      figures.push({
        name: 'server.pushRatio',
        value: await pushRatio(directory),
        unit: 'HTTP ÷ direct storage',
        note: `${RATIO_MUTATIONS} mutations, one client, SQLite file; the cost of HTTP, validation and idempotency`,
      });
      return figures;
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  },
};

export default suite;
