import { describe, expect, it } from 'vitest';
import { createDecryptedStore, type RegisterDecryptedCache } from './decrypted-store';

/** A stand-in for the vault session's registry: `lock()` calls every registered clear. */
function fakeSession() {
  const clears = new Set<() => void>();
  const register: RegisterDecryptedCache = (clear) => {
    clears.add(clear);
    return () => clears.delete(clear);
  };
  return { register, lock: () => clears.forEach((clear) => clear()), size: () => clears.size };
}

function makeNotesStore(register: RegisterDecryptedCache, read: () => Promise<string[]>) {
  return createDecryptedStore<{ notes: string[] }, { load(): Promise<void> }>(register, { notes: [] }, ({ guard }) => ({
    async load() {
      const setIfStillOpen = guard();
      setIfStillOpen({ notes: await read() });
    },
  }));
}

describe('createDecryptedStore', () => {
  it('registers with the session, so a lock empties the store', async () => {
    const session = fakeSession();
    const store = makeNotesStore(session.register, async () => ['decrypted']);
    expect(session.size()).toBe(1);
    await store.getState().load();
    expect(store.getState().notes).toEqual(['decrypted']);
    session.lock();
    expect(store.getState().notes).toEqual([]);
    expect(typeof store.getState().load).toBe('function');
  });

  it('drops the result of a read that finishes after a lock', async () => {
    const session = fakeSession();
    let finishRead: (notes: string[]) => void = () => undefined;
    const store = makeNotesStore(session.register, () => new Promise((resolve) => (finishRead = resolve)));
    const loading = store.getState().load();
    session.lock();
    finishRead(['decrypted too late']);
    await loading;
    expect(store.getState().notes).toEqual([]);
  });

  it('release stops listening to the session', () => {
    const session = fakeSession();
    const store = makeNotesStore(session.register, async () => []);
    store.release();
    expect(session.size()).toBe(0);
  });
});
