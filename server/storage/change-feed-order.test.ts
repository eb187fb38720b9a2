import { afterAll, describe, expect, it } from 'vitest';
import type { Mutation } from '../../shared/sync-protocol/push';
import { createUuidV7 } from '../../shared/sync-protocol/uuid-v7';
import { mutationContentHash } from '../sync/mutation-content-hash';
import { dropSchemaOf, freshSchemaUrl, probePostgres } from '../test-support/postgres-for-tests';
import { NOW, seedReviewWorld, VALID_ANSWERS } from '../test-support/seed-review-world';
import { PostgresDriver } from './postgres-driver';
import { SqlStorage } from './sql-storage';
import { FieldCipher, generateServerKeys } from './field-cipher';

const postgres = await probePostgres();
if (!postgres.available) console.log(`change feed order: skipping — ${postgres.reason}`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The race the feed lock exists for: a writer that took sequence n commits
 * after one that took n+1. A reader must not move its cursor past n before
 * n is visible. Deterministic: the first writer holds its transaction open.
 */
describe.skipIf(!postgres.available)('change feed order on PostgreSQL', () => {
  const url = postgres.available ? freshSchemaUrl(postgres.baseUrl) : '';
  const driver = postgres.available ? new PostgresDriver(url, 4) : null;
  afterAll(async () => {
    await driver?.close();
    if (url) await dropSchemaOf(url);
  });

  it('keeps a later writer invisible until an earlier one commits', async () => {
    const storage = new SqlStorage(driver!, new FieldCipher(generateServerKeys()));
    await storage.migrate(NOW);
    const { batches } = await seedReviewWorld(storage);
    await storage.createEnrolmentCode({ codeHash: 'c', userId: 'alice', expiresAt: '2999-01-01T00:00:00.000Z' }, NOW);
    await storage.redeemEnrolmentCode('c', { deviceId: 'dev-alice', name: 'n', publicKey: '{}', tokenHash: 'h' }, NOW);
    const [slowCase, fastCase] = batches.alice!;
    const submit = (caseId: string): Mutation => ({
      mutationId: createUuidV7(),
      type: 'review.submit',
      caseId,
      baseVersion: 0,
      payload: { templateId: 'cse-review', templateVersion: 1, answers: VALID_ANSWERS },
    });
    await storage.applyMutation({ mutation: submit(slowCase!), userId: 'alice', deviceId: 'dev-alice', contentHash: 'x', now: NOW });
    const before = await storage.pullChanges('lead', 0, 1000);
    expect(before.hasMore).toBe(false);

    // Writer 1 takes the feed lock and a sequence number, then dawdles before committing.
    const slow = driver!.transaction(async (tx) => {
      await tx.lockChangeFeed();
      await tx.run('INSERT INTO change_feed (user_id, kind, entity_id, detail, created_at) VALUES (?, ?, ?, ?, ?)', ['lead', 'review', slowCase!, null, NOW]);
      await sleep(400);
    });
    await sleep(50);
    const fastMutation = submit(fastCase!);
    const fast = storage.applyMutation({ mutation: fastMutation, userId: 'alice', deviceId: 'dev-alice', contentHash: mutationContentHash(fastMutation), now: NOW });
    await sleep(150);
    const during = await storage.pullChanges('lead', before.lastSequence, 1000);
    expect(during.changes).toEqual([]);
    expect(during.lastSequence).toBe(before.lastSequence);
    await Promise.all([slow, fast]);
    const after = await storage.pullChanges('lead', during.lastSequence, 1000);
    expect(after.changes.map((change) => change.kind === 'review' && change.review.caseId).sort()).toEqual([slowCase, fastCase].sort());
  });
});
