import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { MutationResult } from '../../shared/sync-protocol/push';
import type { ReviewState } from '../../shared/sync-protocol/pull';
import { generateSyntheticCases } from '../../shared/synthetic-cases/generate-synthetic-cases';
import { makeTestVault } from '../vault/vault-test-support';
import { applyPullPage } from './apply-pull-page';
import { applyPushResults } from './apply-push-results';
import { OutboxOrder, readQueuedPage } from './outbox';
import { settlePushReceipts } from './settle-push-receipts';
import { submitOutcome } from './submit-outcome';
import { syncTables } from './sync-records';

const ANSWERS = { classification: 'group_based', suspect_count: 2, recommendation: 'no_further_action', urgency: 'routine', reviewer_confidence: 'low' };

/** A vault holding three cases of one batch, each with a submission waiting in the outbox. */
async function vaultWithSubmissions() {
  const { vault } = makeTestVault();
  await vault.create('push receipts passphrase');
  const cases = generateSyntheticCases({ seed: 31, count: 3 });
  await vault.putCases('batch-1', cases);
  const batch = { batchId: 'batch-1', name: 'Batch 1', assigneeId: 'alice', leadId: 'lead', templateId: 'cse-review', templateVersion: 1, dueDate: null, caseIds: cases.map((file) => file.caseId) };
  await vault.commit([await syncTables(vault).batches.seal([{ id: 'batch-1', clear: { batchId: 'batch-1' }, value: { batch, receivedAt: new Date().toISOString() } }])]);
  const order = new OutboxOrder();
  for (const file of cases) await submitOutcome(vault, order, { caseId: file.caseId, templateId: 'cse-review', templateVersion: 1, answers: ANSWERS });
  const tables = syncTables(vault);
  const sent = await readQueuedPage(tables, 10);
  return { vault, tables, order, cases, sent };
}

const appliedAt = (version: number) => (entry: { value: { mutation: { mutationId: string } } }) =>
  ({ mutationId: entry.value.mutation.mutationId, status: 'applied', version }) as MutationResult;

describe('push receipts: accepted submissions recorded once per commit, read through the reviews view', () => {
  it('removes the accepted entries and records their versions in one receipt, leaving the review rows as they were', async () => {
    const { vault, tables, cases, sent } = await vaultWithSubmissions();
    const rowsBefore = await tables.reviews.stored.list();
    const tally = await applyPushResults(vault, tables, sent, sent.map(appliedAt(1)), 'alice', Date.now);

    expect(tally).toMatchObject({ applied: 3, conflicts: 0, rejected: 0 });
    expect(await tables.outbox.count()).toBe(0);
    expect(await tables.reviews.receipts.count()).toBe(1);
    // The stored rows are untouched (same ciphertext: nothing was re-sealed)...
    const rowsAfter = await tables.reviews.stored.list();
    expect(rowsAfter.entries.map((entry) => entry.value.pending?.mutationId)).toEqual(rowsBefore.entries.map((entry) => entry.value.pending?.mutationId));
    // ...and every read says what the endpoint accepted.
    for (const file of cases) {
      const review = await tables.reviews.get(file.caseId);
      expect(review?.value.pending).toBeNull();
      expect(review?.value.server).toMatchObject({ version: 1, status: 'submitted', reviewerId: 'alice', answers: ANSWERS });
      expect(review?.clear.status).toBe('submitted');
      expect(review?.value.history?.map((seen) => seen.version)).toEqual([1]);
    }
    const { found } = await tables.reviews.getMany(cases.map((file) => file.caseId));
    expect([...found.values()].every((entry) => entry.value.server?.version === 1)).toBe(true);
    expect((await tables.reviews.list()).entries.every((entry) => entry.value.pending === null)).toBe(true);
  });

  it('an amendment made before the receipt is settled is based on the accepted version (after a restart too)', async () => {
    const { vault, tables, order, cases, sent } = await vaultWithSubmissions();
    await applyPushResults(vault, tables, sent, sent.map(appliedAt(4)), 'alice', Date.now);
    // A fresh view of the same vault, as after a restart: the receipt is on disk, not in memory.
    await submitOutcome(vault, order, { caseId: cases[0]!.caseId, templateId: 'cse-review', templateVersion: 1, answers: { ...ANSWERS, urgency: 'priority' } });
    const [amendment] = await readQueuedPage(syncTables(vault), 10);
    expect(amendment?.value.mutation.baseVersion).toBe(4);
    const review = await syncTables(vault).reviews.get(cases[0]!.caseId);
    expect(review?.value.server?.version).toBe(4);
    expect(review?.value.pending?.mutationId).toBe(amendment?.value.mutation.mutationId);
  });

  it('settling writes the folded reviews and drops the receipt; reviews the pull rewrote are not read again', async () => {
    const { vault, tables, cases, sent } = await vaultWithSubmissions();
    await applyPushResults(vault, tables, sent, sent.map(appliedAt(2)), 'alice', Date.now);
    // The pull brings the first case's review (through the view): that row is settled by the pull itself.
    const pulled: ReviewState = { caseId: cases[0]!.caseId, version: 2, status: 'submitted', templateId: 'cse-review', templateVersion: 1, answers: ANSWERS, reviewerId: 'alice', submittedAt: new Date().toISOString(), qc: null };
    const tally = await applyPullPage(vault, tables, { changes: [{ kind: 'review', review: pulled }], cursor: 'c1', hasMore: false } as never);
    expect(tally.reviewCaseIds).toEqual([cases[0]!.caseId]);
    expect((await tables.reviews.stored.get(cases[0]!.caseId))?.value.pending).toBeNull();
    expect((await tables.reviews.stored.get(cases[1]!.caseId))?.value.pending).not.toBeNull();

    const resealed = await settlePushReceipts(vault, tables, new Set(tally.reviewCaseIds));
    expect(resealed).toBe(2);
    expect(await tables.reviews.receipts.count()).toBe(0);
    for (const file of cases) {
      const stored = await tables.reviews.stored.get(file.caseId);
      expect(stored?.value.pending).toBeNull();
      expect(stored?.value.server?.version).toBe(2);
      expect(stored?.clear.status).toBe('submitted');
    }
    // Settling again finds nothing to do.
    expect(await settlePushReceipts(vault, tables)).toBe(0);
  });

  it('a receipt does not override a submission made after it (the receipt names the mutation it accepted)', async () => {
    const { vault, tables, order, cases, sent } = await vaultWithSubmissions();
    const first = sent.find((entry) => entry.value.mutation.caseId === cases[1]!.caseId)!;
    await applyPushResults(vault, tables, [first], [appliedAt(1)(first)], 'alice', Date.now);
    const { mutationId } = await submitOutcome(vault, order, { caseId: cases[1]!.caseId, templateId: 'cse-review', templateVersion: 1, answers: { ...ANSWERS, urgency: 'priority' } });
    await settlePushReceipts(vault, tables);
    const review = await tables.reviews.get(cases[1]!.caseId);
    expect(review?.value.pending?.mutationId).toBe(mutationId);
    expect(review?.value.pending?.answers).toMatchObject({ urgency: 'priority' });
    expect(review?.value.server?.version).toBe(1);
    expect(review?.clear.status).toBe('pending');
  });

  it('a conflict in the same commit still re-seals its review, beside the receipt for the others', async () => {
    const { vault, tables, cases, sent } = await vaultWithSubmissions();
    const current = { version: 7, templateId: 'cse-review', templateVersion: 1, answers: ANSWERS, reviewerId: 'bob', submittedAt: new Date().toISOString() };
    const results = sent.map((entry, index): MutationResult =>
      index === 0 ? { mutationId: entry.value.mutation.mutationId, status: 'conflict', keptAs: 'stale', current } as never : appliedAt(3)(entry),
    );
    const tally = await applyPushResults(vault, tables, sent, results, 'alice', Date.now);
    expect(tally).toMatchObject({ applied: 2, conflicts: 1 });
    const conflicted = await tables.reviews.stored.get(sent[0]!.value.mutation.caseId);
    expect(conflicted?.value.conflict?.current?.version).toBe(7);
    expect(conflicted?.clear.status).toBe('conflict');
    const others = cases.map((file) => file.caseId).filter((caseId) => caseId !== sent[0]!.value.mutation.caseId);
    for (const caseId of others) expect((await tables.reviews.get(caseId))?.value.server?.version).toBe(3);
  });
});
