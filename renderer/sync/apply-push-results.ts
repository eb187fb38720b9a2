import type { MutationOutcome, MutationResult } from '../../shared/sync-protocol/push';
import type { SealedEntry, VaultWrite } from '../vault/sealed-table';
import type { Vault } from '../vault/vault';
import { caseStatusForReview, sealReview } from './submit-outcome';
import type { OutboxClear, OutboxEntry, ReviewRecord, SyncTables } from './sync-records';

export interface PushTally {
  readonly applied: number;
  readonly conflicts: number;
  readonly rejected: number;
}

/**
 * Stores the endpoint's answer to one pushed page: accepted entries leave the
 * outbox in the same transaction that records the new review version; a
 * conflict keeps both versions for the reviewer; a rejection stays in the
 * outbox with its reason until the reviewer amends or discards it.
 */
export async function applyPushResults(
  vault: Vault,
  tables: SyncTables,
  sent: readonly SealedEntry<OutboxEntry, OutboxClear>[],
  results: readonly MutationResult[],
  reviewerId: string,
  now: () => number,
): Promise<PushTally> {
  if (results.length !== sent.length) throw new Error('The endpoint answered a different number of mutations');
  const writes: VaultWrite[] = [];
  const removed: string[] = [];
  let applied = 0;
  let conflicts = 0;
  let rejected = 0;
  for (const [index, result] of results.entries()) {
    const entry = sent[index]!;
    const { mutation } = entry.value;
    if (result.mutationId !== mutation.mutationId) throw new Error('The endpoint answered mutations out of order');
    const outcome: MutationOutcome = result.status === 'duplicate' ? result.first : result;
    // A review that fails to open (damaged) or is gone (batch erased) does not stop the outbox.
    const reviewEntry = mutation.type === 'review.submit' ? await tables.reviews.get(mutation.caseId).catch(() => null) : null;
    const review = reviewEntry?.value ?? null;
    const ownsReview = review?.pending?.mutationId === mutation.mutationId;

    if (outcome.status === 'rejected') {
      rejected++;
      const rejection = { mutationId: mutation.mutationId, reason: outcome.reason, fieldErrors: outcome.fieldErrors ?? [] };
      writes.push(
        await tables.outbox.seal([{ id: entry.id, clear: { ...entry.clear, state: 'rejected' }, value: { ...entry.value, rejection } }]),
      );
      if (review && ownsReview) writes.push(await sealReview(tables, entry.clear.batchId, { ...review, rejection }));
      continue;
    }

    removed.push(entry.id);
    if (!review || !ownsReview || mutation.type !== 'review.submit') {
      if (outcome.status === 'applied') applied++;
      else conflicts++;
      continue;
    }
    const pending = review.pending!;
    let next: ReviewRecord;
    if (outcome.status === 'applied') {
      applied++;
      next = {
        ...review,
        pending: null,
        rejection: null,
        server: {
          caseId: mutation.caseId,
          version: outcome.version,
          status: 'submitted',
          templateId: pending.templateId,
          templateVersion: pending.templateVersion,
          answers: pending.answers,
          reviewerId,
          submittedAt: pending.submittedAt,
          qc: null,
        },
      };
    } else {
      conflicts++;
      next = {
        ...review,
        pending: null,
        rejection: null,
        conflict: {
          mine: { templateId: pending.templateId, templateVersion: pending.templateVersion, answers: pending.answers, submittedAt: pending.submittedAt },
          keptAs: outcome.keptAs,
          current: outcome.current,
          detectedAt: new Date(now()).toISOString(),
        },
      };
    }
    writes.push(await sealReview(tables, entry.clear.batchId, next));
    if (next.conflict) {
      const stored = await vault.getCase(mutation.caseId).catch(() => null);
      if (stored) writes.push(await vault.sealCases(stored.batchId, [stored.caseFile], caseStatusForReview(next)));
    }
  }
  if (removed.length > 0) writes.push(tables.outbox.remove(removed));
  await vault.commit(writes);
  return { applied, conflicts, rejected };
}
