import { drawQcSample, newQcSeed, type QcSampleRule } from '../../../shared/lead-qc/draw-qc-sample';
import { decideQc, QcDecisionError, type QcDecisionRequest } from '../../sync/decide-qc';
import type { SyncEngine } from '../../sync/sync-engine';
import { recordFirstQcDecision, recordQcSample, type QcSamplesByBatch } from '../../state/qc-samples';
import type { Vault } from '../../vault/vault';
import { describeVaultError } from '../../vault/vault-error-words';

/**
 * What the lead's QC actions do to the vault: a sample drawn with a fresh
 * seed and sealed with its rule (so it can be drawn again), and a decision
 * through the outbox (decideQc) with the first decision kept for the
 * overturn rate. Each returns the samples as now stored.
 */
export async function drawAndRecordSample(vault: Vault, batchId: string, population: readonly string[], rule: QcSampleRule, now = new Date()): Promise<QcSamplesByBatch> {
  const sample = drawQcSample(population, rule, newQcSeed());
  return recordQcSample(vault, { ...sample, batchId, drawnAt: now.toISOString(), firstDecisions: {} });
}

export async function decideAndRecord(vault: Vault, engine: SyncEngine, batchId: string, request: QcDecisionRequest): Promise<QcSamplesByBatch> {
  await decideQc(vault, engine.outboxOrder, request);
  const samples = await recordFirstQcDecision(vault, batchId, request.caseId, request.decision);
  await engine.refreshCounts();
  void engine.requestSync();
  return samples;
}

/** Plain words for a decision that was not recorded; no case data. */
export function describeQcProblem(error: unknown): string {
  if (!(error instanceof QcDecisionError)) return describeVaultError(error);
  switch (error.problem) {
    case 'CommentRequired':
      return 'Say what the reviewer should change: a return needs a comment.';
    case 'CommentTooLong':
      return 'The comment is too long: keep it under 10,000 characters.';
    case 'DecisionPending':
      return 'Your earlier decision on this review has not reached the endpoint yet. Sync, then decide again if needed.';
    case 'NoReviewToDecide':
      return 'There is no submitted review of this case on this computer. Sync, then try again.';
  }
}
