import type { Mutation } from '../../shared/sync-protocol/push';
import { qcDecisionPayloadSchema } from '../../shared/sync-protocol/push';
import { createUuidV7 } from '../../shared/sync-protocol/uuid-v7';
import type { VaultWrite } from '../vault/sealed-table';
import type { Vault } from '../vault/vault';
import { sealOutboxEntries, type OutboxOrder } from './outbox';
import { caseStatusForReview, sealReview } from './submit-outcome';
import { syncTables, type ReviewRecord } from './sync-records';

export interface QcDecisionRequest {
  readonly caseId: string;
  readonly decision: 'approve' | 'return';
  /** Required to return a review: the reviewer must learn what to change. */
  readonly comment?: string;
}

export type QcDecisionProblem =
  /** This device holds no review from the endpoint for the case (nothing submitted, or not pulled yet). */
  | 'NoReviewToDecide'
  /** A return without a comment. */
  | 'CommentRequired'
  /** Longer than the protocol carries. */
  | 'CommentTooLong'
  /** An earlier decision on the case is still waiting to reach the endpoint. */
  | 'DecisionPending';

export class QcDecisionError extends Error {
  constructor(readonly problem: QcDecisionProblem) {
    super(`QC decision not recorded: ${problem}`);
    this.name = 'QcDecisionError';
  }
}

const MAX_COMMENT_LENGTH = 10_000;

/**
 * A lead approves or returns a submitted review: the review record (with the
 * decision pending), the outbox entry and the case's status in one
 * transaction, as submitOutcome does for a review; then an `alteration`
 * audit event. The base version is the review version the lead looked at, so
 * a review amended in the meantime comes back as a conflict and the lead
 * decides again on what the reviewer actually sent.
 */
export async function decideQc(vault: Vault, order: OutboxOrder, request: QcDecisionRequest, now: () => number = Date.now): Promise<{ mutationId: string }> {
  const tables = syncTables(vault);
  const entry = await tables.reviews.get(request.caseId);
  const existing = entry?.value ?? null;
  if (!entry || !existing?.server) throw new QcDecisionError('NoReviewToDecide');
  if (existing.qcPending && !existing.qcPending.rejection) throw new QcDecisionError('DecisionPending');
  const comment = request.comment?.trim() ?? '';
  if (request.decision === 'return' && comment === '') throw new QcDecisionError('CommentRequired');
  if (comment.length > MAX_COMMENT_LENGTH) throw new QcDecisionError('CommentTooLong');

  const baseVersion = existing.server.version;
  const payload = qcDecisionPayloadSchema.parse({ decision: request.decision, ...(comment ? { comment } : {}) });
  const mutation: Mutation = { mutationId: createUuidV7(now()), type: 'qc.decide', caseId: request.caseId, baseVersion, payload };
  const decidedAt = new Date(now()).toISOString();
  const record: ReviewRecord = {
    ...existing,
    qcPending: { mutationId: mutation.mutationId, decision: request.decision, comment: comment || null, baseVersion, decidedAt, rejection: null },
    qcConflict: null,
  };
  const batchId = entry.clear.batchId;
  const writes: VaultWrite[] = [
    await sealReview(tables, batchId, record),
    await sealOutboxEntries(tables, [{ mutation, batchId }], order, decidedAt),
  ];
  // A refused earlier decision is superseded by this one.
  if (existing.qcPending?.rejection) writes.push(tables.outbox.remove([existing.qcPending.mutationId]));
  const stored = await vault.getCase(request.caseId);
  if (stored) writes.push(await vault.sealCases(stored.batchId, [stored.caseFile], caseStatusForReview(record)));
  await vault.commit(writes);
  await vault.recordAudit({ kind: 'alteration', caseId: request.caseId, batchId, detail: `QC decision: ${request.decision}` });
  return { mutationId: mutation.mutationId };
}
