import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { Batch } from '../../../shared/sync-protocol/pull';
import { syncTables } from '../../sync/sync-records';
import { createDecryptedStore, type DecryptedStore, type RegisterDecryptedCache } from '../../state/decrypted-store';
import { describeVaultError } from '../../vault/vault-error-words';
import type { Vault } from '../../vault/vault';

/** The batches this device holds (names and due dates are sealed, so they empty on lock too). */
export interface BatchData {
  readonly batches: readonly Batch[];
  readonly problem: string | null;
}

export interface BatchActions {
  load(): Promise<void>;
}

export type BatchState = BatchData & BatchActions;
export type BatchStore = DecryptedStore<BatchState>;

export function createBatchStore({ vault, registerDecryptedCache }: { vault: Vault; registerDecryptedCache: RegisterDecryptedCache }): BatchStore {
  return createDecryptedStore<BatchData, BatchActions>(registerDecryptedCache, { batches: [], problem: null }, ({ guard }) => ({
    async load() {
      const setIfStillOpen = guard();
      try {
        const listing = await syncTables(vault).batches.list();
        setIfStillOpen({ batches: listing.entries.map((entry) => entry.value.batch), problem: null });
      } catch (error) {
        setIfStillOpen({ batches: [], problem: describeVaultError(error) });
      }
    },
  }));
}

export const BatchStoreContext = createContext<BatchStore | null>(null);

export function useBatches<Selected>(selector: (state: BatchState) => Selected): Selected {
  const store = useContext(BatchStoreContext);
  if (!store) throw new Error('useBatches needs a BatchStoreContext provider');
  return useStore(store, selector);
}
