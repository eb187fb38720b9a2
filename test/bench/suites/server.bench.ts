import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Mutation, PushResponse } from '../../../shared/sync-protocol/push';
import { createApiServer } from '../../../server/http/create-api-server';
import { silentLog } from '../../../server/http/structured-log';
import { openStorage } from '../../../server/storage/open-storage';
import type { Storage } from '../../../server/storage/storage';
import { mutationContentHash } from '../../../server/sync/mutation-content-hash';
import { callApi, enrolOverHttp } from '../../../server/test-support/api-test-server';
import { buildWorkload, seedWorkloadWorld } from '../../../server/test-support/device-workload';
import { dropSchemaOf, freshSchemaUrl, probePostgres } from '../../../server/test-support/postgres-for-tests';
import type { BenchFigure, BenchSuite } from '../bench-suite';

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

/** The same mutations, once through HTTP (one client, pages of 20) and once straight into storage. */
async function pushRatio(directory: string): Promise<number> {
  const timed = async (name: string, apply: (storage: Storage, mutations: Mutation[], userId: string) => Promise<void>) => {
    const storage = openStorage(path.join(directory, `${name}.sqlite`));
    await storage.migrate();
    const [caseIds] = await seedWorkloadWorld(storage, 1, 20);
    const { originals } = buildWorkload('wl-user-0', caseIds!, RATIO_MUTATIONS, 0, 42);
    const started = performance.now();
    await apply(storage, [...originals], 'wl-user-0');
    const elapsed = performance.now() - started;
    await storage.close();
    return elapsed;
  };
  const direct = await timed('direct', async (storage, mutations, userId) => {
    const enrolled = await withServer(storage, (baseUrl) => enrolOverHttp(storage, baseUrl, userId));
    for (const mutation of mutations) {
      const result = await storage.applyMutation({ mutation, userId, deviceId: enrolled.deviceId, contentHash: mutationContentHash(mutation), now: new Date().toISOString() });
      if (result.status !== 'applied') throw new Error('bench write failed');
    }
  });
  const http = await timed('http', (storage, mutations, userId) =>
    withServer(storage, async (baseUrl) => {
      const { token } = await enrolOverHttp(storage, baseUrl, userId);
      for (const page of pages(mutations)) {
        const reply = await callApi(baseUrl, '/api/v1/push', { token, body: { mutations: page } });
        if (reply.status !== 200) throw new Error('bench push failed');
      }
    }),
  );
  return http / direct;
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
