import type { Mutation } from '../../shared/sync-protocol/push';
import { createUuidV7 } from '../../shared/sync-protocol/uuid-v7';
import type { VaultWrite } from '../vault/sealed-table';
import type { Vault } from '../vault/vault';
import { sealOutboxEntries, type OutboxOrder } from './outbox';
import { sealReview } from './submit-outcome';
import { syncTables, type ReviewRecord } from './sync-records';

export type AcknowledgementProblem =
  /** The endpoint has not reported an escalation of this case to this device. */
  | 'NotEscalated'
  /** The endpoint already holds an acknowledgement. */
  | 'AlreadyAcknowledged'
  /** This device's acknowledgement is still waiting to reach the endpoint. */
  | 'AcknowledgementPending';

export class AcknowledgementError extends Error {
  constructor(readonly problem: AcknowledgementProblem) {
    super(`Escalation not acknowledged: ${problem}`);
    this.name = 'AcknowledgementError';
  }
}

/**
 * A lead acknowledges a case's escalation: the review record (with the
 * acknowledgement pending) and the outbox entry in one transaction, as a QC
 * decision is (decide-qc.ts), then an `alteration` audit event. The entry
 * goes ahead of ordinary ones, as the escalation did: the reviewer and the
 * other leads learn sooner that someone has it in hand. The endpoint records
 * one acknowledgement per case whoever sends it and however often.
 */
export async function acknowledgeEscalation(vault: Vault, order: OutboxOrder, caseId: string, now: () => number = Date.now): Promise<{ mutationId: string }> {
  const tables = syncTables(vault);
  const entry = await tables.reviews.get(caseId);
  const existing = entry?.value ?? null;
  const escalation = existing?.server?.escalation ?? null;
  if (!entry || !existing?.server || !escalation) throw new AcknowledgementError('NotEscalated');
  if (escalation.acknowledgedAt !== null) throw new AcknowledgementError('AlreadyAcknowledged');
  if (existing.acknowledgementPending && !existing.acknowledgementPending.rejection) throw new AcknowledgementError('AcknowledgementPending');

  const mutation: Mutation = { mutationId: createUuidV7(now()), type: 'escalation.acknowledge', caseId, baseVersion: existing.server.version, payload: {} };
  const acknowledgedAt = new Date(now()).toISOString();
  const record: ReviewRecord = { ...existing, acknowledgementPending: { mutationId: mutation.mutationId, acknowledgedAt, rejection: null } };
  const batchId = entry.clear.batchId;
  const writes: VaultWrite[] = [
    await sealReview(tables, batchId, record),
    await sealOutboxEntries(tables, [{ mutation, batchId, escalated: true }], order, acknowledgedAt),
  ];
  // A refused earlier acknowledgement is superseded by this one.
  if (existing.acknowledgementPending?.rejection) writes.push(tables.outbox.remove([existing.acknowledgementPending.mutationId]));
  await vault.commit(writes);
  await vault.recordAudit({ kind: 'alteration', caseId, batchId, detail: 'Escalation acknowledged' });
  return { mutationId: mutation.mutationId };
}
