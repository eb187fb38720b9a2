import { create } from 'zustand';
import type { KeystoreStatus } from '../../shared/ipc/contract';
import type { LockReason } from './audit-event';
import { deriveInWorker } from './derive-in-worker';
import { mainProcessKeystore } from './device-keystore';
import { DEFAULT_IDLE_LOCK_MINUTES, watchIdle } from './idle-lock';
import { Vault } from './vault';
import { VaultDatabase } from './vault-database';

/**
 * The app's one vault and its session state. Locking is synchronous for the
 * UI: every registered decrypted cache is cleared and the lock screen shows
 * at once. The keys go at once too, unless a registered pending write (a
 * draft typed a moment ago) still has to be sealed: then they go when it has
 * been committed, or after PENDING_WRITE_BOUND_MS, whichever comes first.
 * The "locked" audit event is written last.
 */
export type VaultSessionStatus = 'checking' | 'missing' | 'locked' | 'unlocked' | 'unavailable';

interface VaultSessionState {
  readonly status: VaultSessionStatus;
  readonly keystore: KeystoreStatus | null;
  readonly keyBinding: 'os-keystore' | 'none' | null;
  readonly idleLockMinutes: number;
  /** Why the vault last locked, shown on the lock screen. */
  readonly lastLockReason: LockReason | null;
  check(): Promise<void>;
  create(passphrase: string): Promise<void>;
  unlock(passphrase: string): Promise<void>;
  lock(reason: LockReason): void;
  /** A revoked device: every key and record is deleted; the app returns to vault creation. */
  eraseEverything(): Promise<void>;
  setIdleLockMinutes(minutes: number): Promise<void>;
}

/** The longest a lock keeps the keys to let pending writes commit (a sealed draft takes a few milliseconds). */
export const PENDING_WRITE_BOUND_MS = 1_000;

let vault: Vault | null = null;
let stopIdleWatch: (() => void) | null = null;
const decryptedCaches = new Set<() => void>();
const unlockListeners = new Set<(vault: Vault) => void>();
const pendingWrites = new Set<() => Promise<void> | null>();
/** Counts locks, so an unlock still reading settings sees one that came meanwhile even while the keys linger. */
let lockCount = 0;
/** Settles when every lock so far has dropped the keys (some wait on pending writes); unlock and create wait for it. */
let keysDropped: Promise<void> = Promise.resolve();

/** The vault, for features that read and write case data (import today, sync later). */
export function currentVault(): Vault {
  vault ??= new Vault({ db: new VaultDatabase(), deriveKek: deriveInWorker, keystore: mainProcessKeystore });
  return vault;
}

/** A store that holds decrypted data registers its clear function here; lock calls them all. */
export function registerDecryptedCache(clear: () => void): () => void {
  decryptedCaches.add(clear);
  return () => decryptedCaches.delete(clear);
}

/**
 * A writer of typed work registers its flush here: lock calls it first and
 * keeps the keys until the promise it returns settles (bounded by
 * PENDING_WRITE_BOUND_MS). It returns null when nothing is pending.
 */
export function registerPendingWrite(flush: () => Promise<void> | null): () => void {
  pendingWrites.add(flush);
  return () => pendingWrites.delete(flush);
}

function startPendingWrites(): Promise<unknown>[] {
  const started: Promise<unknown>[] = [];
  for (const flush of pendingWrites) {
    try {
      const write = flush();
      if (write) started.push(write.catch(() => undefined));
    } catch {
      // A writer that fails to start loses only its own work; the lock goes on.
    }
  }
  return started;
}

function settleWithin(writes: readonly Promise<unknown>[], boundMs: number): Promise<void> {
  if (writes.length === 0) return Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const bound = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, boundMs);
  });
  return Promise.race([Promise.all(writes).then(() => undefined), bound]).finally(() => clearTimeout(timer));
}

/** Runs after every unlock (e.g. the sync engine starts); lock clears registered caches. */
export function onVaultUnlocked(listener: (vault: Vault) => void): () => void {
  unlockListeners.add(listener);
  return () => unlockListeners.delete(listener);
}

export const useVaultSession = create<VaultSessionState>((set, get) => {
  const startIdleWatch = (minutes: number) => {
    stopIdleWatch?.();
    stopIdleWatch = watchIdle(window, minutes * 60_000, () => get().lock('idle'));
  };
  const enterUnlocked = async () => {
    const locksBefore = lockCount;
    const minutes = await currentVault().idleLockMinutes();
    const keyBinding = await currentVault().keyBinding();
    // A lock that came while these were read wins here too (its keys may still wait on a pending write).
    if (!currentVault().isUnlocked() || lockCount !== locksBefore) return;
    set({ status: 'unlocked', idleLockMinutes: minutes, keyBinding });
    startIdleWatch(minutes);
    for (const listener of unlockListeners) listener(currentVault());
  };

  return {
    status: 'checking',
    keystore: null,
    keyBinding: null,
    idleLockMinutes: DEFAULT_IDLE_LOCK_MINUTES,
    lastLockReason: null,
    async check() {
      try {
        const [presence, keystore] = await Promise.all([
          currentVault().presence(),
          mainProcessKeystore.status().catch(() => null),
        ]);
        if (get().status === 'unlocked') return;
        set({ status: presence === 'present' ? 'locked' : 'missing', keystore });
      } catch {
        set({ status: 'unavailable' });
      }
    },
    async create(passphrase) {
      await keysDropped;
      try {
        await currentVault().create(passphrase);
      } catch (error) {
        await get().check(); // a lock during creation leaves a created, locked vault
        throw error;
      }
      await enterUnlocked();
    },
    async unlock(passphrase) {
      await keysDropped;
      await currentVault().unlock(passphrase);
      await enterUnlocked();
    },
    lock(reason) {
      stopIdleWatch?.();
      stopIdleWatch = null;
      lockCount++;
      // Pending writes start before anything is cleared, while what they save is still at hand.
      const writes = startPendingWrites();
      if (writes.length === 0) void currentVault().lock(reason);
      // Chained on any earlier lock still waiting, so an unlock that waits for this one waits for all of them.
      else keysDropped = Promise.all([keysDropped, settleWithin(writes, PENDING_WRITE_BOUND_MS)]).then(() => currentVault().lock(reason));
      for (const clear of decryptedCaches) clear();
      set({ lastLockReason: reason, ...(get().status === 'unlocked' ? { status: 'locked' as const } : {}) });
    },
    async eraseEverything() {
      stopIdleWatch?.();
      stopIdleWatch = null;
      for (const clear of decryptedCaches) clear();
      await currentVault().eraseEverything();
      set({ status: 'missing', keyBinding: null, lastLockReason: null });
    },
    async setIdleLockMinutes(minutes) {
      await currentVault().setIdleLockMinutes(minutes);
      set({ idleLockMinutes: minutes });
      if (get().status === 'unlocked') startIdleWatch(minutes);
    },
  };
});
