import { createStore, type StoreApi } from 'zustand/vanilla';

/**
 * The one way to make a store that holds decrypted case data. The factory
 * registers the store's reset with the vault session, so locking empties it
 * before the lock screen shows, without the store's author remembering to.
 *
 * A lock can land while an action is still awaiting the vault (or building a
 * search index): `setIfStillOpen` from `guard()` drops results of work begun
 * before the latest clear, so nothing decrypted reappears after a lock.
 */

/** Registers a clear function with the vault session; returns its unregister. */
export type RegisterDecryptedCache = (clear: () => void) => () => void;

type SetState<State> = StoreApi<State>['setState'];

export interface DecryptedStoreTools<State> {
  readonly set: SetState<State>;
  readonly get: () => State;
  /** A setter for one piece of async work: it does nothing once the store was cleared after this call. */
  guard(): (partial: Partial<State> | ((state: State) => Partial<State>)) => boolean;
  /** For long work done in steps (an index built in slices): false once the store was cleared after this call. */
  stillOpen(): () => boolean;
  /**
   * Decrypted data kept outside the state (e.g. a search index still being
   * built) is dropped here, by the same clear that empties the state.
   */
  onClear(drop: () => void): void;
}

export interface DecryptedStore<State> extends StoreApi<State> {
  /** Empties the store (what a lock does). */
  clear(): void;
  /** Stops listening to the vault session (tests, hot reload). */
  release(): void;
}

export function createDecryptedStore<Data extends object, Actions extends object>(
  registerDecryptedCache: RegisterDecryptedCache,
  empty: Data,
  actions: (tools: DecryptedStoreTools<Data & Actions>) => Actions,
): DecryptedStore<Data & Actions> {
  let epoch = 0;
  const drops: (() => void)[] = [];
  const store = createStore<Data & Actions>()((set, get) => {
    const tools: DecryptedStoreTools<Data & Actions> = {
      set,
      get,
      guard() {
        const startedIn = epoch;
        return (partial) => {
          if (startedIn !== epoch) return false;
          set(partial as Partial<Data & Actions>);
          return true;
        };
      },
      stillOpen() {
        const startedIn = epoch;
        return () => startedIn === epoch;
      },
      onClear(drop) {
        drops.push(drop);
      },
    };
    return { ...empty, ...actions(tools) };
  });
  const clear = () => {
    epoch++;
    for (const drop of drops) drop();
    store.setState({ ...empty } as Partial<Data & Actions>);
  };
  const release = registerDecryptedCache(clear);
  return { ...store, clear, release: () => void release() };
}
