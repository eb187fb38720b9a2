import type { CaseFile } from '../../shared/domain/case-file';
import type { MutationOutcome, MutationResult } from '../../shared/sync-protocol/push';
import type { SealedEntry, VaultWrite } from '../vault/sealed-table';
import type { Vault } from '../vault/vault';
import { withVersionHistory } from './review-history';
import { foldAcceptance, sealPushReceipt, type AcceptedSubmission } from './reviews-table';
import { caseStatusForReview } from './submit-outcome';
import { reviewStatusOf } from './review-status';
import { type OutboxClear, type PendingAcknowledgement, type PendingQcDecision, type OutboxEntry, type ReviewClear, type ReviewRecord, type ReviewRejection, type SyncTables } from './sync-records';

export interface PushTally {
  readonly applied: number;
  readonly conflicts: number;
  readonly rejected: number;
  /** Cases re-sealed with a new status (a conflict, a settled QC decision), for the open views. */
  readonly restatusedCaseIds: readonly string[];
}

/**
 * Stores the endpoint's answer to pushed pages: accepted entries leave the
 * outbox in the same transaction that records the new review version; a
 * conflict keeps both versions for the reviewer; a rejection stays in the
 * outbox with its reason until the reviewer amends or discards it.
 *
 * An accepted submission, by far the most common answer, is recorded in one
 * push receipt for the whole commit (reviews-table.ts), not by re-sealing its
 * review; only the reviews another answer changes are read and sealed.
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
  const outcomes = results.map((result, index) => {
    if (result.mutationId !== sent[index]!.value.mutation.mutationId) throw new Error('The endpoint answered mutations out of order');
    return result.status === 'duplicate' ? result.first : result;
  });
  const isAcceptedSubmission = (index: number) => sent[index]!.value.mutation.type === 'review.submit' && outcomes[index]!.status === 'applied';
  // A review that fails to open (damaged) or is gone (batch erased) does not stop the outbox.
  const reviewCaseIds = new Set(sent.filter((_, index) => !isAcceptedSubmission(index)).map((entry) => entry.value.mutation.caseId));
  const { found: reviews } = reviewCaseIds.size > 0 ? await tables.reviews.getMany([...reviewCaseIds]) : { found: new Map<string, SealedEntry<ReviewRecord, ReviewClear>>() };
  const accepted: AcceptedSubmission[] = [];
  /** This commit's acceptances so far, folded into any review another answer here re-seals. */
  const acceptedHere = new Map<string, { version: number; reviewerId: string }>();
  const nextReviews = new Map<string, SealedEntry<ReviewRecord, ReviewClear>>();
  const rejectedEntries: SealedEntry<OutboxEntry, OutboxClear>[] = [];
  const conflictedCases: string[] = [];
  /** Cases whose QC decision was settled: their status follows the endpoint's answer. */
  const restatusedCases: string[] = [];
  const removed: string[] = [];
  const tally = { applied: 0, conflicts: 0, rejected: 0 };
  const restatused: string[] = [];

  for (const [index, outcome] of outcomes.entries()) {
    const entry = sent[index]!;
    const { mutation } = entry.value;
    if (mutation.type === 'review.submit' && outcome.status === 'applied') {
      removed.push(entry.id);
      tally.applied++;
      accepted.push({ caseId: mutation.caseId, mutationId: mutation.mutationId, version: outcome.version });
      acceptedHere.set(mutation.mutationId, { version: outcome.version, reviewerId });
      continue;
    }
    const stored = nextReviews.get(mutation.caseId) ?? reviews.get(mutation.caseId);
    const current = stored ? foldAcceptance(stored, acceptedHere) : null;
    const review = mutation.type === 'review.submit' ? (current?.value ?? null) : null;
    const ownsReview = review?.pending?.mutationId === mutation.mutationId;
    /** The entry stays in the outbox, marked with the endpoint's reason, until the user acts on it. */
    const keepRejected = (rejected: Extract<MutationOutcome, { status: 'rejected' }>): ReviewRejection => {
      tally.rejected++;
      const rejection = { mutationId: mutation.mutationId, reason: rejected.reason, fieldErrors: rejected.fieldErrors ?? [] };
      rejectedEntries.push({ id: entry.id, clear: { ...entry.clear, state: 'rejected' }, value: { ...entry.value, rejection } });
      return rejection;
    };
    const keep = (record: ReviewRecord) =>
      nextReviews.set(mutation.caseId, {
        id: mutation.caseId,
        clear: { batchId: current!.clear.batchId, status: reviewStatusOf(record) },
        value: withVersionHistory(record),
      });

    if (mutation.type === 'escalation.acknowledge') {
      const acknowledged = current?.value ?? null;
      const pending = acknowledged?.acknowledgementPending?.mutationId === mutation.mutationId ? acknowledged.acknowledgementPending : null;
      // Another acknowledgement reached the endpoint first: nothing is left to do here, the next pull says whose.
      if (outcome.status === 'rejected' && outcome.reason !== 'already_acknowledged') {
        const rejection = keepRejected(outcome);
        if (acknowledged && pending) keep({ ...acknowledged, acknowledgementPending: { ...pending, rejection } });
        continue;
      }
      removed.push(entry.id);
      tally.applied++;
      if (acknowledged && pending) keep(settledAcknowledgement(acknowledged, pending, outcome.status === 'applied', reviewerId));
      continue;
    }

    if (mutation.type === 'qc.decide') {
      const decided = current?.value ?? null;
      const pendingQc = decided?.qcPending?.mutationId === mutation.mutationId ? decided.qcPending : null;
      if (outcome.status === 'rejected') {
        const rejection = keepRejected(outcome);
        if (decided && pendingQc) keep({ ...decided, qcPending: { ...pendingQc, rejection } });
      } else {
        removed.push(entry.id);
        if (outcome.status === 'applied') tally.applied++;
        else tally.conflicts++;
        if (decided && pendingQc) keep(settledQcDecision(decided, pendingQc, outcome, reviewerId, now));
      }
      if (decided && pendingQc) restatusedCases.push(mutation.caseId);
      continue;
    }

    if (outcome.status === 'rejected') {
      const rejection = keepRejected(outcome);
      if (review && ownsReview) keep({ ...review, rejection });
      continue;
    }
    // What is left of a submission's answers: a conflict (an accepted one took the fast path above).
    removed.push(entry.id);
    tally.conflicts++;
    if (!review || !ownsReview || outcome.status !== 'conflict') continue;
    const pending = review.pending!;
    keep({
      ...review,
      pending: null,
      rejection: null,
      conflict: {
        mine: { templateId: pending.templateId, templateVersion: pending.templateVersion, answers: pending.answers, submittedAt: pending.submittedAt },
        keptAs: outcome.keptAs,
        current: outcome.current,
        detectedAt: new Date(now()).toISOString(),
      },
    });
    conflictedCases.push(mutation.caseId);
  }

  const writes: VaultWrite[] = [];
  if (accepted.length > 0) writes.push(await sealPushReceipt(tables, { reviewerId, accepted }));
  if (nextReviews.size > 0) writes.push(await tables.reviews.seal([...nextReviews.values()]));
  if (rejectedEntries.length > 0) writes.push(await tables.outbox.seal(rejectedEntries));
  for (const caseId of new Set([...conflictedCases, ...restatusedCases])) {
    const stored = await vault.getCase(caseId).catch(() => null);
    if (!stored) continue;
    writes.push(await vault.sealCases(stored.batchId, [stored.caseFile as CaseFile], caseStatusForReview(nextReviews.get(caseId)!.value)));
    restatused.push(caseId);
  }
  // Entries answered together were queued one after another: their time-ordered ids go in a few key ranges.
  if (removed.length > 0) writes.push(tables.outbox.removeInKeyRuns(removed));
  await vault.commit(writes);
  return { ...tally, restatusedCaseIds: restatused };
}

/**
 * The endpoint took this device's acknowledgement (`applied`), or holds an
 * earlier one: either way nothing waits any more. Until the next pull brings
 * the endpoint's own time stamp, the device's stands in.
 */
function settledAcknowledgement(record: ReviewRecord, pending: PendingAcknowledgement, applied: boolean, leadId: string): ReviewRecord {
  const escalation = record.server?.escalation ?? null;
  const server =
    applied && record.server && escalation && escalation.acknowledgedAt === null
      ? { ...record.server, escalation: { ...escalation, acknowledgedBy: leadId, acknowledgedAt: pending.acknowledgedAt } }
      : record.server;
  return { ...record, acknowledgementPending: null, server };
}

/**
 * The endpoint's answer to a lead's QC decision. Applied: the review as the
 * endpoint now holds it (the next pull brings the same). Conflict: the
 * reviewer amended since the version decided on; the endpoint kept the
 * decision as stale and the lead sees both, to decide again.
 */
function settledQcDecision(
  record: ReviewRecord,
  pending: PendingQcDecision,
  outcome: Exclude<MutationOutcome, { status: 'rejected' }>,
  leadId: string,
  now: () => number,
): ReviewRecord {
  if (outcome.status === 'conflict') {
    const { decision, comment, baseVersion, decidedAt } = pending;
    return { ...record, qcPending: null, qcConflict: { mine: { decision, comment, baseVersion, decidedAt }, current: outcome.current, detectedAt: new Date(now()).toISOString() } };
  }
  const server = record.server && record.server.version === outcome.version
    ? {
        ...record.server,
        status: pending.decision === 'approve' ? ('approved' as const) : ('returned' as const),
        qc: { decision: pending.decision, comment: pending.comment, leadId, reviewVersion: outcome.version, decidedAt: pending.decidedAt },
      }
    : record.server;
  return { ...record, qcPending: null, qcConflict: null, server };
}
