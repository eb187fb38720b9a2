import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { syncTables } from '../../sync/sync-records';
import { createDecryptedStore, type DecryptedStore, type RegisterDecryptedCache } from '../../state/decrypted-store';
import { bytesToHex, randomBytes } from '../../vault/byte-encoding';
import type { RecordLocation } from '../../vault/vault-error';
import { describeVaultError } from '../../vault/vault-error-words';
import type { StoredCase, Vault } from '../../vault/vault';
import { MAX_BATCH_FILE_BYTES, parseCaseBatchFile } from './case-batch-file';
import { DEFAULT_CASE_LIST_VIEW, type CaseListView } from './case-list-view';
import { buildCaseSearchIndex, type CaseSearchIndex } from './case-search-index';
import { buildPersonIndex, type PersonIndex } from './person-connections';

/**
 * The decrypted cases of the open session, their search index, who appears
 * in which, the endpoint's linked references, and how the reviewer is
 * looking at them (the query may quote case text). All of it empties on lock.
 */
export interface CaseData {
  readonly cases: readonly StoredCase[];
  readonly damaged: readonly RecordLocation[];
  readonly people: PersonIndex;
  /** Per case id: references of other cases the endpoint says share a person. */
  readonly linkedReferences: ReadonlyMap<string, readonly string[]>;
  /** Null until built after a load (it builds in chunks). */
  readonly searchIndex: CaseSearchIndex | null;
  readonly query: string;
  readonly view: CaseListView;
  readonly selectedCaseId: string | null;
  readonly loading: boolean;
  readonly notice: { readonly kind: 'problem' | 'done'; readonly words: string } | null;
}

export interface CaseActions {
  load(): Promise<void>;
  importBatchFile(file: File): Promise<void>;
  /** Opens a case (logging the consultation), or closes it with null. */
  select(caseId: string | null): void;
  setQuery(query: string): void;
  setView(change: Partial<CaseListView>): void;
}

export type CaseState = CaseData & CaseActions;
export type CaseStore = DecryptedStore<CaseState>;

const EMPTY_CASES: CaseData = {
  cases: [],
  damaged: [],
  people: buildPersonIndex([]),
  linkedReferences: new Map(),
  searchIndex: null,
  query: '',
  view: DEFAULT_CASE_LIST_VIEW,
  selectedCaseId: null,
  loading: false,
  notice: null,
};

export interface CaseStoreDependencies {
  readonly vault: Vault;
  readonly registerDecryptedCache: RegisterDecryptedCache;
}

export function createCaseStore({ vault, registerDecryptedCache }: CaseStoreDependencies): CaseStore {
  return createDecryptedStore<CaseData, CaseActions>(registerDecryptedCache, EMPTY_CASES, ({ set, get, guard }) => ({
    async load() {
      const setIfStillOpen = guard();
      set({ loading: true });
      let cases: StoredCase[];
      try {
        const [listing, links] = await Promise.all([vault.listCases(), syncTables(vault).caseLinks.list()]);
        cases = [...listing.cases].sort((a, b) => a.caseFile.caseId.localeCompare(b.caseFile.caseId));
        setIfStillOpen({
          cases,
          damaged: listing.damaged,
          people: buildPersonIndex(cases),
          linkedReferences: new Map(links.entries.map((entry) => [entry.id, entry.value.linkedReferences])),
          loading: false,
        });
      } catch (error) {
        setIfStillOpen({ ...EMPTY_CASES, notice: { kind: 'problem', words: describeVaultError(error) } });
        return;
      }
      const indexStarted = performance.now();
      const searchIndex = await buildCaseSearchIndex(cases.map((stored) => stored.caseFile));
      // For `npm run bench` (ui.indexBuildMs): a name and a duration, nothing about the cases.
      performance.measure('casedesk.indexBuild', { start: indexStarted, end: performance.now() });
      // A later load may have replaced the cases meanwhile; only the index of the shown cases is kept.
      if (get().cases === cases) setIfStillOpen({ searchIndex });
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
        await vault.putCases(`batch-${bytesToHex(randomBytes(8))}`, parsed.cases);
      } catch (error) {
        set({ notice: { kind: 'problem', words: describeVaultError(error) } });
        return;
      }
      await get().load();
      set({ notice: { kind: 'done', words: `Imported ${parsed.cases.length} case files.` } });
    },
    select(caseId) {
      set({ selectedCaseId: caseId });
      const stored = caseId === null ? undefined : get().people.byCaseId.get(caseId);
      // Opening a case is a consultation (DPA 2018 s.62).
      if (stored && caseId) void vault.recordAudit({ kind: 'consultation', caseId, batchId: stored.batchId }).catch(() => undefined);
    },
    setQuery: (query) => set({ query }),
    setView: (change) => set((state) => ({ view: { ...state.view, ...change } })),
  }));
}

/** The session's case store, provided by the workspace (renderer/app). */
export const CaseStoreContext = createContext<CaseStore | null>(null);

export function useCases<Selected>(selector: (state: CaseState) => Selected): Selected {
  const store = useContext(CaseStoreContext);
  if (!store) throw new Error('useCases needs a CaseStoreContext provider');
  return useStore(store, selector);
}
