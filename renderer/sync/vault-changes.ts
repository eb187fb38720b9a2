/**
 * What one sync step wrote to the vault, so the open views re-read just
 * that instead of every case: the pull applier and the push-result applier
 * know exactly which rows they sealed.
 */
export interface VaultChanges {
  /** Cases written (new, changed text or links, or a new status). */
  readonly caseIds: readonly string[];
  /** Batch records written (name, due date, assignment, case list). */
  readonly batchIds: readonly string[];
  /** Batches erased from this device: whole sets of cases left, so views reload. */
  readonly erasedBatchIds: readonly string[];
}

export function hasVaultChanges(changes: VaultChanges): boolean {
  return changes.caseIds.length > 0 || changes.batchIds.length > 0 || changes.erasedBatchIds.length > 0;
}
