import type { Vault } from '../vault/vault';
import type { VaultWrite } from '../vault/sealed-table';
import { foldAcceptance, type Acceptances } from './reviews-table';
import type { SyncTables } from './sync-records';

/**
 * Writes what the push receipts say into the stored reviews, then drops the
 * receipts, oldest first, each receipt with its reviews in one transaction
 * (a crash between two leaves the rest to the next call; folding twice
 * changes nothing). Reviews in `rewritten` were written since the receipts
 * (by the pull, through the folding view): those are settled already and
 * not read again. Returns how many reviews it re-sealed.
 */
export async function settlePushReceipts(vault: Vault, tables: SyncTables, rewritten: ReadonlySet<string> = new Set()): Promise<number> {
  const receipts = tables.reviews.receipts;
  if ((await receipts.count()) === 0) return 0;
  const { entries, damaged } = await receipts.list();
  let resealed = 0;
  for (const receipt of entries) {
    const acceptances: Acceptances = new Map(
      receipt.value.accepted.map((accepted) => [accepted.mutationId, { version: accepted.version, reviewerId: receipt.value.reviewerId }]),
    );
    const unsettled = [...new Set(receipt.value.accepted.map((accepted) => accepted.caseId))].filter((caseId) => !rewritten.has(caseId));
    // A review gone (its batch erased) or damaged has nothing to settle.
    const { found } = unsettled.length > 0 ? await tables.reviews.stored.getMany(unsettled) : { found: new Map() };
    const stored = [...found.values()];
    const folded = stored.map((entry) => foldAcceptance(entry, acceptances)).filter((entry, index) => entry !== stored[index]);
    const writes: VaultWrite[] = [receipts.remove([receipt.id])];
    if (folded.length > 0) writes.push(await tables.reviews.seal(folded));
    await vault.commit(writes);
    resealed += folded.length;
  }
  // A receipt that no longer opens cannot be folded in: its reviews read as pending until the endpoint's version arrives.
  if (damaged.length > 0) await vault.commit([receipts.remove(damaged.map((location) => location.id))]);
  return resealed;
}
