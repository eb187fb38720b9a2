import { create } from 'zustand';
import { mainBridge } from '../platform/main-bridge';
import type { Vault } from '../vault/vault';
import { onVaultUnlocked, registerDecryptedCache, useVaultSession } from '../vault/vault-session';
import { SyncEngine, type SyncStatus } from './sync-engine';
import type { VaultChanges } from './vault-changes';

/**
 * The sync engine of the unlocked session, and its status for the UI. It
 * starts on every unlock and stops on lock; a revoked device erases the
 * vault and says so.
 */
interface SyncSessionState {
  readonly status: SyncStatus | null;
  /** Set when the endpoint revoked this device and the vault was erased. */
  readonly revoked: boolean;
  /**
   * Increases after each sync run that changed what the vault holds. Views
   * holding many records follow `onSyncedChanges` instead, which says what.
   */
  readonly dataVersion: number;
}

export const useSyncSession = create<SyncSessionState>(() => ({ status: null, revoked: false, dataVersion: 0 }));

let engine: SyncEngine | null = null;
const changeListeners = new Set<(changes: VaultChanges) => void>();

/** Told what each committed sync page wrote (cases, batches, erasures), for as long as the session runs. */
export function onSyncedChanges(listener: (changes: VaultChanges) => void): () => void {
  changeListeners.add(listener);
  return () => changeListeners.delete(listener);
}

export function currentSyncEngine(): SyncEngine | null {
  return engine;
}

export function startSyncSession(vault: Vault): SyncEngine {
  engine?.stop();
  const network = mainBridge().network;
  const started = new SyncEngine({
    vault,
    network,
    onRevoked: async () => {
      await network.forget();
      await useVaultSession.getState().eraseEverything();
      useSyncSession.setState({ revoked: true, status: null });
    },
  });
  engine = started;
  started.subscribeChanges((changes) => {
    for (const listener of changeListeners) listener(changes);
  });
  let lastPhase = started.snapshot().phase;
  started.subscribe((status) => {
    const finishedRun = lastPhase !== 'idle' && status.phase === 'idle';
    lastPhase = status.phase;
    useSyncSession.setState((state) => ({
      status,
      dataVersion: finishedRun && (status.pulledThisRun > 0 || status.pushedThisRun > 0) ? state.dataVersion + 1 : state.dataVersion,
    }));
  });
  void started.start().catch(() => undefined);
  return started;
}

function stopSyncSession(): void {
  engine?.stop();
  engine = null;
  useSyncSession.setState({ status: null });
}

/** Wires the engine to the vault session and the window's reconnect hint (the probe decides). */
export function connectSyncSession(): () => void {
  const unsubscribeUnlock = onVaultUnlocked((vault) => {
    useSyncSession.setState({ revoked: false });
    startSyncSession(vault);
  });
  const unregister = registerDecryptedCache(stopSyncSession);
  const onOnline = () => void engine?.requestSync();
  window.addEventListener('online', onOnline);
  return () => {
    unsubscribeUnlock();
    unregister();
    window.removeEventListener('online', onOnline);
  };
}
