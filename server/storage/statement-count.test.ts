import { afterEach, describe, expect, it } from 'vitest';
import { validateOutcome } from '../../shared/review-template/validate-outcome';
import { MAX_PULL_PAGE } from '../../shared/sync-protocol/pull';
import { MAX_MUTATIONS_PER_PUSH } from '../../shared/sync-protocol/push';
import { mutationContentHash } from '../sync/mutation-content-hash';
import { buildWorkload, seedWorkloadWorld } from '../test-support/device-workload';
import { dropSchemaOf, freshSchemaUrl, probePostgres } from '../test-support/postgres-for-tests';
import { PostgresDriver } from './postgres-driver';
import type { SqlDriver, SqlExecutor, TransactionExecutor } from './sql-driver';
import { SqliteDriver } from './sqlite-driver';
import { SqlStorage } from './sql-storage';
import { FieldCipher, generateServerKeys } from './field-cipher';

/**
 * Push and pull are set-based: the statements one push of 100 mutations or
 * one pull page of 500 cases issues are bounded by a constant, not by the
 * number of rows. Counted at the driver, on both databases.
 */
const PUSH_STATEMENT_BOUND = 16;
const PULL_STATEMENT_BOUND = 12;

const postgres = await probePostgres();
if (!postgres.available) console.log(`statement count: skipping PostgreSQL — ${postgres.reason}`);

function counting<T extends SqlExecutor>(executor: T, counter: { statements: number }): T {
  return new Proxy(executor, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if ((property === 'all' || property === 'run') && typeof value === 'function') {
        return (...args: unknown[]) => {
          counter.statements += 1;
          return (value as (...callArgs: unknown[]) => unknown).apply(target, args);
        };
      }
      if (property === 'transaction' && typeof value === 'function') {
        return (work: (tx: TransactionExecutor) => Promise<unknown>) =>
          (value as SqlDriver['transaction']).call(target, (tx) => work(counting(tx, counter)));
      }
      return typeof value === 'function' ? (value as (...callArgs: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const drivers: { name: string; open: () => Promise<{ driver: SqlDriver; cleanup: () => Promise<void> }> }[] = [
  { name: 'sqlite', open: async () => { const driver = new SqliteDriver(':memory:'); return { driver, cleanup: () => driver.close() }; } },
];
if (postgres.available) {
  drivers.push({
    name: 'postgres',
    open: async () => {
      const url = freshSchemaUrl(postgres.baseUrl);
      const driver = new PostgresDriver(url, 4);
      return { driver, cleanup: async () => { await driver.close(); await dropSchemaOf(url); } };
    },
  });
}

describe.each(drivers)('statements per push and per pull page: $name', ({ open }) => {
  let cleanup: () => Promise<void> = async () => undefined;
  afterEach(() => cleanup());

  it(`issues at most ${PUSH_STATEMENT_BOUND} statements for a push of ${MAX_MUTATIONS_PER_PUSH} and at most ${PULL_STATEMENT_BOUND} for a page of ${MAX_PULL_PAGE} cases`, async () => {
    const opened = await open();
    cleanup = opened.cleanup;
    const counter = { statements: 0 };
    const storage = new SqlStorage(counting(opened.driver, counter), new FieldCipher(generateServerKeys()));
    await storage.migrate(new Date().toISOString());
    const [caseIds] = await seedWorkloadWorld(storage, 1, MAX_PULL_PAGE);
    const userId = 'wl-user-0';
    await storage.createEnrolmentCode({ codeHash: 'code', userId, expiresAt: '2999-01-01T00:00:00.000Z' }, new Date().toISOString());
    await storage.redeemEnrolmentCode('code', { deviceId: 'dev-1', name: 'laptop', publicKey: '{}', tokenHash: 'h' }, new Date().toISOString());

    // Two pushes, so the second also meets existing reviews (amendments and a conflict).
    const workload = buildWorkload(userId, caseIds!.slice(0, 60), MAX_MUTATIONS_PER_PUSH * 2, 0, 7).originals;
    const asRequest = (mutation: (typeof workload)[number]) => ({ mutation, userId, deviceId: 'dev-1', contentHash: mutationContentHash(mutation), now: new Date().toISOString(), checkAnswers: validateOutcome });
    for (const page of [workload.slice(0, MAX_MUTATIONS_PER_PUSH), workload.slice(MAX_MUTATIONS_PER_PUSH)]) {
      counter.statements = 0;
      const results = await storage.applyMutations(page.map(asRequest));
      expect(results.every((result) => result.status === 'applied')).toBe(true);
      expect(counter.statements).toBeLessThanOrEqual(PUSH_STATEMENT_BOUND);
    }
    const replay = workload.slice(0, MAX_MUTATIONS_PER_PUSH);
    const stale = { ...replay[0]!, mutationId: '01900000-0000-7000-8000-000000000001' };
    counter.statements = 0;
    const replayed = await storage.applyMutations([...replay.slice(1), stale].map(asRequest));
    expect(replayed.slice(0, -1).every((result) => result.status === 'duplicate')).toBe(true);
    expect(replayed.at(-1)).toMatchObject({ status: 'conflict', current: { version: expect.any(Number) } });
    expect(counter.statements).toBeLessThanOrEqual(PUSH_STATEMENT_BOUND);

    counter.statements = 0;
    const page = await storage.pullChanges(userId, 0, MAX_PULL_PAGE);
    expect(page.changes.filter((change) => change.kind === 'case').length).toBeGreaterThan(MAX_PULL_PAGE - 10);
    expect(counter.statements).toBeLessThanOrEqual(PULL_STATEMENT_BOUND);
    // The page after: the rest of the cases and the 60 reviews.
    counter.statements = 0;
    const next = await storage.pullChanges(userId, page.lastSequence, MAX_PULL_PAGE);
    expect(next.changes.filter((change) => change.kind === 'review')).toHaveLength(60);
    expect(counter.statements).toBeLessThanOrEqual(PULL_STATEMENT_BOUND);
  });
});
