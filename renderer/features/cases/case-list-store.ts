import { create } from 'zustand';
import { bytesToHex, randomBytes } from '../../vault/byte-encoding';
import type { RecordLocation } from '../../vault/vault-error';
import { describeVaultError } from '../../vault/vault-error-words';
import { currentVault, registerDecryptedCache } from '../../vault/vault-session';
import type { StoredCase } from '../../vault/vault';
import { MAX_BATCH_FILE_BYTES, parseCaseBatchFile } from './case-batch-file';

/**
 * Decrypted cases for the open session. Registered with the vault session,
 * so locking empties it before the lock screen shows.
 */
interface CaseListState {
  readonly cases: readonly StoredCase[];
  readonly damaged: readonly RecordLocation[];
  readonly selectedCaseId: string | null;
  readonly loading: boolean;
  readonly notice: { readonly kind: 'problem' | 'done'; readonly words: string } | null;
  load(): Promise<void>;
  importBatchFile(file: File): Promise<void>;
  select(caseId: string | null): void;
  clear(): void;
}

const EMPTY = { cases: [], damaged: [], selectedCaseId: null, loading: false, notice: null } as const;

export const useCaseListStore = create<CaseListState>((set, get) => ({
  ...EMPTY,
  async load() {
    set({ loading: true });
    try {
      const listing = await currentVault().listCases();
      const cases = [...listing.cases].sort((a, b) => a.caseFile.caseId.localeCompare(b.caseFile.caseId));
      set({ cases, damaged: listing.damaged, loading: false });
    } catch (error) {
      set({ ...EMPTY, notice: { kind: 'problem', words: describeVaultError(error) } });
    }
  },
  async importBatchFile(file) {
    if (file.size > MAX_BATCH_FILE_BYTES) {
      set({ notice: { kind: 'problem', words: 'The file is too large for one batch.' } });
      return;
    }
    const parsed = parseCaseBatchFile(await file.text());
    if (!parsed.ok) {
      set({ notice: { kind: 'problem', words: parsed.problem } });
      return;
    }
    try {
      await currentVault().putCases(`batch-${bytesToHex(randomBytes(8))}`, parsed.cases);
    } catch (error) {
      set({ notice: { kind: 'problem', words: describeVaultError(error) } });
      return;
    }
    await get().load();
    set({ notice: { kind: 'done', words: `Imported ${parsed.cases.length} case files.` } });
  },
  select: (caseId) => {
    set({ selectedCaseId: caseId });
    const stored = get().cases.find((candidate) => candidate.caseFile.caseId === caseId);
    // Opening a case is a consultation (DPA 2018 s.62).
    if (stored && caseId) void currentVault().recordAudit({ kind: 'consultation', caseId, batchId: stored.batchId }).catch(() => undefined);
  },
  clear: () => set(EMPTY),
}));

registerDecryptedCache(() => useCaseListStore.getState().clear());
