import type { Vault } from '../vault/vault';
import { caseStatusForReview, sealReview } from './submit-outcome';
import { syncTables, type ReviewRecord } from './sync-records';

/**
 * The reviewer takes the endpoint's version of a case in conflict: their own
 * stays in the endpoint's history (as `keptAs`), and this device shows the
 * current one. Keeping their own instead is a new submission on the current
 * version (submitOutcome), so nothing is dropped either way.
 */
export async function takeServerVersion(vault: Vault, caseId: string): Promise<void> {
  const tables = syncTables(vault);
  const entry = await tables.reviews.get(caseId);
  const stored = await vault.getCase(caseId);
  if (!entry?.value.conflict || !stored) return;
  const { current } = entry.value.conflict;
  const server =
    current && (!entry.value.server || entry.value.server.version < current.version)
      ? { caseId, status: 'submitted' as const, qc: null, ...current }
      : entry.value.server;
  const record: ReviewRecord = { ...entry.value, server, conflict: null };
  await vault.commit([
    await sealReview(tables, entry.clear.batchId, record),
    await vault.sealCases(stored.batchId, [stored.caseFile], server ? caseStatusForReview(record) : 'unreviewed'),
  ]);
  await vault.recordAudit({ kind: 'alteration', caseId, batchId: stored.batchId, detail: 'Conflict resolved: the endpoint version was kept.' });
}
