import { outcomeEscalates } from '../../shared/review-template/escalation';
import type { OutcomeAnswers } from '../../shared/review-template/validate-outcome';
import type { Mutation } from '../../shared/sync-protocol/push';
import { createUuidV7 } from '../../shared/sync-protocol/uuid-v7';
import type { VaultWrite } from '../vault/sealed-table';
import type { Vault } from '../vault/vault';
import type { CaseStatus } from '../vault/vault-schema';
import { VaultError } from '../vault/vault-error';
import { sealOutboxEntries, type OutboxOrder } from './outbox';
import { withVersionHistory } from './review-history';
import { reviewStatusOf } from './review-status';
import { syncTables, type ReviewRecord, type SyncTables } from './sync-records';

export interface OutcomeSubmission {
  readonly caseId: string;
  readonly templateId: string;
  readonly templateVersion: number;
  readonly answers: OutcomeAnswers;
}

/**
 * Submits (or amends) a review outcome: the review record, the outbox entry,
 * the case's status and the removal of its draft commit in one transaction;
 * then an `alteration` audit event. The base version is the endpoint's latest
 * version this device knows, so a stale one comes back as a conflict.
 */
export async function submitOutcome(
  vault: Vault,
  order: OutboxOrder,
  submission: OutcomeSubmission,
  now: () => number = Date.now,
): Promise<{ mutationId: string }> {
  const tables = syncTables(vault);
  const stored = await vault.getCase(submission.caseId);
  if (!stored) throw new VaultError('RecordTampered', 'The case is not in the vault', { table: 'cases', id: submission.caseId });
  const existing = (await tables.reviews.get(submission.caseId))?.value ?? null;
  const baseVersion = existing?.conflict?.current?.version ?? existing?.server?.version ?? 0;
  const mutation: Mutation = {
    mutationId: createUuidV7(now()),
    type: 'review.submit',
    caseId: submission.caseId,
    baseVersion,
    payload: { templateId: submission.templateId, templateVersion: submission.templateVersion, answers: submission.answers },
  };
  const submittedAt = new Date(now()).toISOString();
  const record: ReviewRecord = {
    caseId: submission.caseId,
    server: existing?.server ?? null,
    pending: { mutationId: mutation.mutationId, ...mutation.payload, baseVersion, submittedAt },
    conflict: null,
    rejection: null,
    ...(existing?.history ? { history: existing.history } : {}),
  };
  const writes = [
    await sealReview(tables, stored.batchId, record),
    await sealOutboxEntries(tables, [{ mutation, batchId: stored.batchId, escalated: await escalates(tables, submission) }], order, submittedAt),
    await vault.sealCases(stored.batchId, [stored.caseFile], 'submitted'),
    vault.table('drafts').remove([submission.caseId]),
  ];
  // A rejected earlier attempt is superseded by this one.
  if (existing?.rejection) writes.push(tables.outbox.remove([existing.rejection.mutationId]));
  await vault.commit(writes);
  await vault.recordAudit({ kind: 'alteration', caseId: submission.caseId, batchId: stored.batchId });
  return { mutationId: mutation.mutationId };
}

/** Whether the outcome meets its template's escalation rule (a template this device does not hold: no). */
async function escalates(tables: SyncTables, submission: OutcomeSubmission): Promise<boolean> {
  const template = (await tables.templates.get(submission.templateId).catch(() => null))?.value.versions[String(submission.templateVersion)];
  return template ? outcomeEscalates(template, submission.answers) : false;
}

export function sealReview(tables: SyncTables, batchId: string, record: ReviewRecord): Promise<VaultWrite> {
  return tables.reviews.seal([{ id: record.caseId, clear: { batchId, status: reviewStatusOf(record) }, value: withVersionHistory(record) }]);
}

/** The case status a review record implies for the case list. */
export function caseStatusForReview(record: ReviewRecord): CaseStatus {
  if (record.conflict || record.qcConflict) return 'conflict';
  if (record.pending || record.rejection) return 'submitted';
  // A lead's decision shows at once; a refused one leaves the case as the endpoint has it.
  if (record.qcPending && !record.qcPending.rejection) return record.qcPending.decision === 'approve' ? 'approved' : 'returned';
  switch (record.server?.status) {
    case 'approved':
      return 'approved';
    case 'returned':
      return 'returned';
    default:
      return 'submitted';
  }
}
