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
 * UI: keys are dropped, every registered decrypted cache is cleared and the
 * lock screen shows before the "locked" audit event is written.
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

let vault: Vault | null = null;
let stopIdleWatch: (() => void) | null = null;
const decryptedCaches = new Set<() => void>();
const unlockListeners = new Set<(vault: Vault) => void>();

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
    const minutes = await currentVault().idleLockMinutes();
    const keyBinding = await currentVault().keyBinding();
    // A lock that came while these were read has already dropped the keys: it wins here too.
    if (!currentVault().isUnlocked()) return;
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
      try {
        await currentVault().create(passphrase);
      } catch (error) {
        await get().check(); // a lock during creation leaves a created, locked vault
        throw error;
      }
      await enterUnlocked();
    },
    async unlock(passphrase) {
      await currentVault().unlock(passphrase);
      await enterUnlocked();
    },
    lock(reason) {
      stopIdleWatch?.();
      stopIdleWatch = null;
      void currentVault().lock(reason);
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
