import { mkdtempSync, rmSync } from 'node:fs';
import { openKeyedStorage } from '../../../server/test-support/keyed-storage';
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_CSE_REVIEW_TEMPLATE } from '../../../shared/review-template/default-cse-review-template';
import { generateSyntheticCases } from '../../../shared/synthetic-cases/generate-synthetic-cases';
import { MAX_PULL_PAGE, type PullResponse } from '../../../shared/sync-protocol/pull';
import type { Mutation, PushResponse } from '../../../shared/sync-protocol/push';
import { createApiServer } from '../../../server/http/create-api-server';
import { createDeviceId, createDeviceToken, sha256Hex } from '../../../server/http/device-credentials';
import { silentLog } from '../../../server/http/structured-log';
import { openStorage } from '../../../server/storage/open-storage';
import type { Storage } from '../../../server/storage/storage';
import { mutationContentHash } from '../../../server/sync/mutation-content-hash';
import { callApi } from '../../../server/test-support/api-test-server';
import { startServerProcess } from '../../../server/test-support/spawn-server-process';
import { buildWorkload, seedWorkloadWorld } from '../../../server/test-support/device-workload';
import { dropSchemaOf, freshSchemaUrl, probePostgres } from '../../../server/test-support/postgres-for-tests';
import { median, type BenchFigure, type BenchSuite } from '../bench-suite';

const CLIENTS = 50;
const MUTATIONS_PER_CLIENT = 200;
const PAGE = 20;
const RATIO_MUTATIONS = 2000;
const PULL_CASES = 9000;
const PULL_RUNS = 3;

async function withServer<T>(storage: Storage, work: (baseUrl: string) => Promise<T>): Promise<T> {
  const server = createApiServer({
    storage,
    log: silentLog,
    limits: { requestsPerDevice: { burst: 1e6, perSecond: 1e6 }, pullRowsPerDevice: { burst: 1e7, perSecond: 1e7 } },
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

const keepAlive = new Agent({ keepAlive: true, maxSockets: CLIENTS });

/** Plain node:http with one kept-alive socket per client: fetch queues client-side and would inflate latencies. */
function postJson(url: string, token: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      url,
      { method: 'POST', agent: keepAlive, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), authorization: `Bearer ${token}` } },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString()) as unknown }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(text);
  });
}

function getJson(url: string, token: string): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method: 'GET', agent: keepAlive, headers: { authorization: `Bearer ${token}` } }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString()) as unknown }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** A device straight in storage: the token the server would have issued, without going through enrolment. */
async function addDevice(storage: Storage, userId: string): Promise<{ deviceId: string; token: string }> {
  const deviceId = createDeviceId();
  const token = createDeviceToken(deviceId);
  const now = new Date().toISOString();
  await storage.createEnrolmentCode({ codeHash: `bench-${deviceId}`, userId, expiresAt: '2999-01-01T00:00:00.000Z' }, now);
  await storage.redeemEnrolmentCode(`bench-${deviceId}`, { deviceId, name: 'bench', publicKey: '{}', tokenHash: sha256Hex(token) }, now);
  return { deviceId, token };
}

/**
 * 50 clients push their outboxes at once to a `serve` process of its own (so
 * clients and server do not share one event loop); throughput over the whole
 * run, p99 over request latencies.
 */
async function concurrentPush(database: string): Promise<{ perSec: number; p99Ms: number }> {
  const storage = openKeyedStorage(database, { poolSize: 2 });
  await storage.migrate(new Date().toISOString());
  const owned = await seedWorkloadWorld(storage, CLIENTS, 4);
  const clients = [];
  for (const [index, caseIds] of owned.entries()) {
    const { token } = await addDevice(storage, `wl-user-${index}`);
    clients.push({ token, workload: buildWorkload(`wl-user-${index}`, caseIds, MUTATIONS_PER_CLIENT, 0, 100 + index) });
  }
  await storage.close();
  const server = await startServerProcess(database);
  try {
    const push = async (token: string, mutations: Mutation[]) => {
      const reply = await postJson(`${server.baseUrl}/api/v1/push`, token, { mutations });
      if (reply.status !== 200 || (reply.json as PushResponse).results.some((result) => result.status !== 'applied')) {
        throw new Error(`bench push failed: ${reply.status}`);
      }
    };
    // Warm-up: every client's first page (connections, JIT, statement cache) is not measured.
    const outboxes = clients.map(({ token, workload }) => ({ token, pages: pages(workload.originals) }));
    await Promise.all(outboxes.map(({ token, pages: [first] }) => push(token, first!)));
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      outboxes.map(async ({ token, pages: [, ...rest] }) => {
        for (const mutations of rest) {
          const before = performance.now();
          await push(token, mutations);
          latencies.push(performance.now() - before);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return { perSec: (CLIENTS * (MUTATIONS_PER_CLIENT - PAGE)) / seconds, p99Ms: latencies[Math.floor(latencies.length * 0.99)]! };
  } finally {
    await server.stop();
  }
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
    await storage.migrate(new Date().toISOString());
    const [caseIds] = await seedWorkloadWorld(storage, 1, 20);
    const userId = 'wl-user-0';
    const { deviceId, token } = await addDevice(storage, userId);
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
          if (reply.status !== 200 || (reply.json as PushResponse).results.some((result) => result.status !== 'applied')) {
            throw new Error(`bench push failed: ${reply.status} ${JSON.stringify(reply.json).slice(0, 300)}`);
          }
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

/**
 * One reviewer's device pulls a batch of 9,000 full synthetic cases from a
 * fresh cursor, in pages of the maximum size, from a `serve` process of its
 * own. Median of three full pulls; seeding and start-up are not timed.
 */
async function pullAll(database: string): Promise<number> {
  const storage = openKeyedStorage(database, { poolSize: 2 });
  await storage.migrate(new Date().toISOString());
  const now = new Date().toISOString();
  await storage.addUser({ userId: 'pull-lead', displayName: 'Lead', role: 'lead' }, now);
  await storage.addUser({ userId: 'pull-reviewer', displayName: 'Reviewer', role: 'reviewer' }, now);
  await storage.setTemplate(DEFAULT_CSE_REVIEW_TEMPLATE, now);
  const cases = generateSyntheticCases({ seed: 9, count: PULL_CASES });
  await storage.importCases(cases, now);
  const caseIds = cases.map((file) => file.caseId);
  await storage.createBatch({ batchId: 'pull-batch', name: 'Pull', caseIds, assigneeId: 'pull-reviewer', leadId: 'pull-lead', templateId: 'cse-review', dueDate: null }, now);
  // A device per pull: each full pull is a device's first sync, within its own budget of rows a
  // minute (the serve process has the production limits; four pulls of 9,000 by one device exceed it).
  const tokens: string[] = [];
  for (let run = 0; run <= PULL_RUNS; run += 1) tokens.push((await addDevice(storage, 'pull-reviewer')).token);
  await storage.close();
  const server = await startServerProcess(database);
  try {
    const pullOnce = async (): Promise<number> => {
      const token = tokens.pop()!;
      let cursor: string | null = null;
      let received = 0;
      const started = performance.now();
      for (;;) {
        const query: string = `limit=${MAX_PULL_PAGE}${cursor ? `&cursor=${cursor}` : ''}`;
        const reply = await getJson(`${server.baseUrl}/api/v1/pull?${query}`, token);
        if (reply.status !== 200) throw new Error(`bench pull failed: ${reply.status}`);
        const page = reply.json as PullResponse;
        received += page.changes.filter((change) => change.kind === 'case').length;
        cursor = page.cursor;
        if (!page.hasMore) break;
      }
      const elapsed = performance.now() - started;
      if (received !== PULL_CASES) throw new Error(`bench pull received ${received} cases, not ${PULL_CASES}`);
      return elapsed;
    };
    await pullOnce(); // warm-up: statement cache, JIT
    const runs: number[] = [];
    for (let run = 0; run < PULL_RUNS; run += 1) runs.push(await pullOnce());
    return median(runs);
  } finally {
    await server.stop();
  }
}

const suite: BenchSuite = {
  name: 'server',
  async run(): Promise<BenchFigure[]> {
    const directory = mkdtempSync(path.join(tmpdir(), 'casedesk-bench-'));
    const figures: BenchFigure[] = [];
    try {
      const local = await concurrentPush(path.join(directory, 'concurrent.sqlite'));
      const workload = `${CLIENTS} clients × ${MUTATIONS_PER_CLIENT} mutations (first page warm-up), pages of ${PAGE}, one serve process, SQLite file (WAL)`;
      figures.push({ name: 'server.pushPerSec', value: local.perSec, unit: 'mutations/s', note: workload });
      figures.push({ name: 'server.pushP99Ms', value: local.p99Ms, unit: 'ms per push request', note: workload });

      const pullNote = `${PULL_CASES} full synthetic cases in one batch, one device from a fresh cursor, pages of ${MAX_PULL_PAGE}, one serve process, median of ${PULL_RUNS}`;
      const pull = await pullAll(path.join(directory, 'pull.sqlite'));
      figures.push({ name: 'server.pull9000Ms', value: pull, unit: 'ms', target: '≤ 2000 (goal ≤ 1000)', meetsTarget: pull <= 2000, note: `${pullNote}, SQLite file (WAL)` });

      const postgres = await probePostgres();
      if (postgres.available) {
        const url = freshSchemaUrl(postgres.baseUrl);
        try {
          const remote = await concurrentPush(url);
          figures.push({
            name: 'server.pgPushPerSec',
            value: remote.perSec,
            unit: 'mutations/s',
            target: '≥ 4000',
            meetsTarget: remote.perSec >= 4000,
            note: `${CLIENTS} clients × ${MUTATIONS_PER_CLIENT} mutations (first page warm-up), pages of ${PAGE}, one serve process, PostgreSQL`,
          });
          const ratio = remote.perSec / local.perSec;
          figures.push({
            name: 'server.pgToSqliteRatio',
            value: ratio,
            unit: 'PostgreSQL ÷ SQLite push throughput',
            target: '≥ 0.5 (goal ≥ 1)',
            meetsTarget: ratio >= 0.5,
            note: 'server.pgPushPerSec ÷ server.pushPerSec, same run, same workload',
          });
        } finally {
          await dropSchemaOf(url);
        }
        const pullUrl = freshSchemaUrl(postgres.baseUrl);
        try {
          const pgPull = await pullAll(pullUrl);
          figures.push({ name: 'server.pgPull9000Ms', value: pgPull, unit: 'ms', target: '≤ 2000 (goal ≤ 1000)', meetsTarget: pgPull <= 2000, note: `${pullNote}, PostgreSQL` });
        } finally {
          await dropSchemaOf(pullUrl);
        }
      } else console.log(`bench: server.pgPushPerSec, server.pgToSqliteRatio and server.pgPull9000Ms skipped — ${postgres.reason}`);

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
