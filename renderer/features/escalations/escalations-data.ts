import { syncTables } from '../../sync/sync-records';
import type { Vault } from '../../vault/vault';
import { escalationRows, type EscalationRow } from './escalation-rows';

/**
 * The escalations this device holds, with each case's reference and batch
 * name. Reviews carry no clear escalation flag (the vault's stored shape
 * stays as it is), so every review record is opened: a lead's team holds
 * thousands at most.
 */
export async function loadEscalationRows(vault: Vault): Promise<EscalationRow[]> {
  const tables = syncTables(vault);
  const [reviews, batches] = await Promise.all([tables.reviews.list(), tables.batches.list()]);
  const escalated = reviews.entries.filter((entry) => entry.value.server?.escalation);
  const batchNames = new Map(batches.entries.map((entry) => [entry.id, entry.value.batch.name]));
  const batchOfReview = new Map(escalated.map((entry) => [entry.id, entry.clear.batchId]));
  const references = new Map<string, string>();
  for (const entry of escalated) {
    // A case that fails to open still lists its escalation, by id.
    const stored = await vault.getCase(entry.id).catch(() => null);
    if (stored) references.set(entry.id, stored.caseFile.reference);
  }
  return escalationRows(
    escalated.map((entry) => entry.value),
    (caseId) => ({ reference: references.get(caseId) ?? null, batchName: batchNames.get(batchOfReview.get(caseId) ?? '') ?? null }),
  );
}
