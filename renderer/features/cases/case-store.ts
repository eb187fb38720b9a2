import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { CaseFile } from '../../../shared/domain/case-file';
import { syncTables } from '../../sync/sync-records';
import { createDecryptedStore, type DecryptedStore, type RegisterDecryptedCache } from '../../state/decrypted-store';
import { bytesToHex, randomBytes } from '../../vault/byte-encoding';
import type { RecordLocation } from '../../vault/vault-error';
import { describeVaultError } from '../../vault/vault-error-words';
import type { CaseClearFields, StoredCase, Vault } from '../../vault/vault';
import { MAX_BATCH_FILE_BYTES, parseCaseBatchFile } from './case-batch-file';
import { DEFAULT_CASE_LIST_VIEW, type CaseListView } from './case-list-view';
import { buildCaseSearchIndex, type CaseSearchIndex, type LiveCaseSearchIndex } from './case-search-index';
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
  /** Reads every case from the vault (unlock, import, a batch erased); the search index follows. */
  load(): Promise<void>;
  /**
   * Re-reads only these cases (and their links) and updates the list, the
   * people and the search index in place: what sync and the review form
   * call after writing them, instead of reloading 10,000 cases. A case no
   * longer in the vault leaves the list.
   */
  refreshCases(caseIds: readonly string[]): Promise<void>;
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

const byCaseId = (a: StoredCase, b: StoredCase) => (a.caseFile.caseId < b.caseFile.caseId ? -1 : a.caseFile.caseId > b.caseFile.caseId ? 1 : 0);

/** Resolves after the browser has drawn the current frame, so work started then does not delay it. */
function afterNextPaint(): Promise<void> {
  if (typeof requestAnimationFrame !== 'function') return Promise.resolve();
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

export function createCaseStore({ vault, registerDecryptedCache }: CaseStoreDependencies): CaseStore {
  return createDecryptedStore<CaseData, CaseActions>(registerDecryptedCache, EMPTY_CASES, ({ set, get, guard, stillOpen, onClear }) => {
    /** The index being built or kept current; dropped on lock with the rest. */
    let liveIndex: LiveCaseSearchIndex | null = null;
    /** A refresh merges into a loaded list; before the first load (or after a lock) there is nothing to merge into. */
    let listLoaded = false;
    onClear(() => {
      liveIndex = null;
      listLoaded = false;
    });
    /** Vault reads and their merges run one at a time, in order: a refresh never lands under an older full load. */
    let readQueue: Promise<unknown> = Promise.resolve();
    const inOrder = <Result>(work: () => Promise<Result>): Promise<Result> => {
      const next = readQueue.then(work);
      readQueue = next.catch(() => undefined);
      return next;
    };

    /** Raised by every full load: an index build begun for an earlier one stops. */
    let loadGeneration = 0;

    const buildIndex = async (generation: number, isOpen: () => boolean, setIfStillOpen: ReturnType<typeof guard>) => {
      // The list is drawn first; the index follows in slices, and the search box says so meanwhile.
      await afterNextPaint();
      if (!isOpen() || generation !== loadGeneration) return;
      const indexStarted = performance.now();
      // The cases as they are now (a refresh may have come during the paint); later refreshes go into the live index.
      const built = await buildCaseSearchIndex(
        get().cases.map((stored) => stored.caseFile),
        {
          onStarted: (index) => {
            liveIndex = index;
          },
          shouldStop: () => !isOpen() || generation !== loadGeneration,
        },
      );
      if (!built) return;
      // For `npm run bench` (ui.indexBuildMs): a name and a duration, nothing about the cases.
      performance.measure('casedesk.indexBuild', { start: indexStarted, end: performance.now() });
      setIfStillOpen({ searchIndex: built.snapshot() });
    };

    /** Reads and shows every case; answers the index build to run next (null when a lock dropped the result). */
    const loadList = async (): Promise<(() => Promise<void>) | null> => {
      // Guarded from the call, not from its turn in the queue: a lock in between drops the result.
      const setIfStillOpen = guard();
      const isOpen = stillOpen();
      const generation = await inOrder(async () => {
        if (!setIfStillOpen({ loading: true })) return null;
        try {
          const [listing, links] = await Promise.all([vault.listCases(), syncTables(vault).caseLinks.list()]);
          const cases = [...listing.cases].sort(byCaseId);
          const shown = setIfStillOpen({
            cases,
            damaged: listing.damaged,
            people: buildPersonIndex(cases),
            linkedReferences: new Map(links.entries.map((entry) => [entry.id, entry.value.linkedReferences])),
            // The old index describes other cases; search waits for the new one.
            searchIndex: null,
            loading: false,
          });
          if (!shown) return null;
          liveIndex = null;
          listLoaded = true;
          return ++loadGeneration;
        } catch (error) {
          setIfStillOpen({ ...EMPTY_CASES, notice: { kind: 'problem', words: describeVaultError(error) } });
          return null;
        }
      });
      return generation === null ? null : () => buildIndex(generation, isOpen, setIfStillOpen);
    };

    return {
      async load() {
        const buildIndexNext = await loadList();
        await buildIndexNext?.();
      },
      refreshCases(caseIds) {
        if (caseIds.length === 0) return Promise.resolve();
        const setIfStillOpen = guard();
        const isOpen = stillOpen();
        return inOrder(async () => {
          if (!isOpen() || !listLoaded) return;
          const wanted = [...new Set(caseIds)];
          let found: Map<string, StoredCase>;
          let damaged: RecordLocation[];
          let links: Map<string, readonly string[]>;
          try {
            const [read, linkRead] = await Promise.all([
              vault.table<CaseFile, CaseClearFields>('cases').getMany(wanted),
              syncTables(vault).caseLinks.getMany(wanted),
            ]);
            found = new Map([...read.found].map(([caseId, entry]) => [caseId, { caseFile: entry.value, batchId: entry.clear.batchId, status: entry.clear.status, updatedAt: entry.clear.updatedAt }]));
            damaged = read.damaged;
            links = new Map([...linkRead.found].map(([caseId, entry]) => [caseId, entry.value.linkedReferences]));
          } catch (error) {
            setIfStillOpen({ notice: { kind: 'problem', words: describeVaultError(error) } });
            return;
          }
          const changed = new Set(wanted);
          const current = get();
          const cases = [...current.cases.filter((stored) => !changed.has(stored.caseFile.caseId)), ...found.values()].sort(byCaseId);
          const linkedReferences = new Map(current.linkedReferences);
          for (const caseId of wanted) {
            const linked = links.get(caseId);
            if (linked) linkedReferences.set(caseId, linked);
            else linkedReferences.delete(caseId);
          }
          const stillDamaged = current.damaged.filter((record) => !(record.table === 'cases' && changed.has(String(record.id))));
          const index = liveIndex;
          if (index) {
            index.remove(wanted.filter((caseId) => !found.has(caseId)));
            index.upsert([...found.values()].map((stored) => stored.caseFile));
          }
          setIfStillOpen({
            cases,
            damaged: [...stillDamaged, ...damaged],
            people: buildPersonIndex(cases),
            linkedReferences,
            // A built index gets a new handle so the list searches again; one still building carries on.
            ...(index && current.searchIndex ? { searchIndex: index.snapshot() } : {}),
          });
        });
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
        const buildIndexNext = await loadList();
        // Said as soon as the cases are listed; search follows when its index is built.
        set({ notice: { kind: 'done', words: `Imported ${parsed.cases.length} case files.` } });
        await buildIndexNext?.();
      },
      select(caseId) {
        set({ selectedCaseId: caseId });
        const stored = caseId === null ? undefined : get().people.byCaseId.get(caseId);
        // Opening a case is a consultation (DPA 2018 s.62).
        if (stored && caseId) void vault.recordAudit({ kind: 'consultation', caseId, batchId: stored.batchId }).catch(() => undefined);
      },
      setQuery: (query) => set({ query }),
      setView: (change) => set((state) => ({ view: { ...state.view, ...change } })),
    };
  });
}

/** The session's case store, provided by the workspace (renderer/app). */
export const CaseStoreContext = createContext<CaseStore | null>(null);

export function useCases<Selected>(selector: (state: CaseState) => Selected): Selected {
  const store = useContext(CaseStoreContext);
  if (!store) throw new Error('useCases needs a CaseStoreContext provider');
  return useStore(store, selector);
}
