import type { SealedEntry } from '../vault/sealed-table';
import type { Vault } from '../vault/vault';
import { syncTables, type OutboxClear, type OutboxEntry } from './sync-records';

/**
 * Outbox entries that need the reviewer: refused by the endpoint, or for a
 * batch this device no longer holds (reassigned away). They stay until pushed
 * or explicitly discarded: an outcome is never dropped silently.
 */
export async function listStrandedEntries(vault: Vault): Promise<SealedEntry<OutboxEntry, OutboxClear>[]> {
  const tables = syncTables(vault);
  const batchIds = (await tables.outbox.distinctValuesOf('batchId')).map(String);
  const held = await tables.batches.clearFieldsOf(batchIds);
  const goneBatches = batchIds.filter((_, index) => held[index] === null);
  const stranded = new Map<string, SealedEntry<OutboxEntry, OutboxClear>>();
  for (const batchId of goneBatches) {
    for (const entry of (await tables.outbox.list({ where: { field: 'batchId', equals: batchId } })).entries) stranded.set(entry.id, entry);
  }
  for (const entry of (await tables.outbox.list({ where: { field: 'state', equals: 'rejected' } })).entries) stranded.set(entry.id, entry);
  return [...stranded.values()].sort((a, b) => a.clear.order - b.clear.order);
}

/** The reviewer discards an outcome the endpoint will not take; the audit log records it. */
export async function discardOutboxEntry(vault: Vault, mutationId: string): Promise<void> {
  const tables = syncTables(vault);
  const entry = await tables.outbox.get(mutationId);
  if (!entry) return;
  await vault.commit([tables.outbox.remove([mutationId])]);
  await vault.recordAudit({
    kind: 'alteration',
    caseId: entry.value.mutation.caseId,
    batchId: entry.clear.batchId,
    detail: 'An outcome the endpoint had not accepted was discarded by the reviewer.',
  });
}
