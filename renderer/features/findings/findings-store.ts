import { computeFindings, NO_FINDINGS_FILTER, type Findings, type FindingsFilter } from '../../../shared/findings/compute-findings';
import { createDecryptedStore, type DecryptedStore, type RegisterDecryptedCache } from '../../state/decrypted-store';
import { describeVaultError } from '../../vault/vault-error-words';
import type { Vault } from '../../vault/vault';
import { loadFindingsData, type FindingsData } from './findings-data';

/**
 * The lead's findings: the outcomes they are computed from, the filter (its
 * borough names are case data), and the figures. All of it empties on lock.
 */
export interface FindingsStoreData {
  readonly data: FindingsData | null;
  readonly filter: FindingsFilter;
  readonly findings: Findings | null;
  readonly problem: string | null;
}

export interface FindingsActions {
  load(): Promise<void>;
  setFilter(change: Partial<FindingsFilter>): void;
}

export type FindingsState = FindingsStoreData & FindingsActions;
export type FindingsStore = DecryptedStore<FindingsState>;

const EMPTY: FindingsStoreData = { data: null, filter: NO_FINDINGS_FILTER, findings: null, problem: null };

export function createFindingsStore({ vault, registerDecryptedCache }: { vault: Vault; registerDecryptedCache: RegisterDecryptedCache }): FindingsStore {
  return createDecryptedStore<FindingsStoreData, FindingsActions>(registerDecryptedCache, EMPTY, ({ get, set, guard }) => ({
    async load() {
      const setIfStillOpen = guard();
      try {
        const data = await loadFindingsData(vault);
        setIfStillOpen((state) => ({ data, findings: computeFindings(data.outcomes, data.templates, state.filter), problem: null }));
      } catch (error) {
        setIfStillOpen({ data: null, findings: null, problem: describeVaultError(error) });
      }
    },
    setFilter(change) {
      const filter = { ...get().filter, ...change };
      const { data } = get();
      set({ filter, findings: data ? computeFindings(data.outcomes, data.templates, filter) : null });
    },
  }));
}
