import { mainBridge, unwrapMainCall } from '../platform/main-bridge';
import { useVaultSession } from '../vault/vault-session';
import { useAppStore } from './app-store';

/** Asks main who it is and locks the vault on OS lock or suspend; returns a disconnect. */
export function connectShell(): () => void {
  const store = useAppStore.getState();
  let bridge;
  try {
    bridge = mainBridge();
  } catch (error) {
    store.shellFailed(error instanceof Error ? error.message : 'The shell is missing');
    return () => undefined;
  }
  unwrapMainCall(bridge.app.info()).then(
    (info) => store.shellReady(info),
    () => store.shellFailed('The main process did not answer'),
  );
  return bridge.app.onLockRequested(({ reason }) => useVaultSession.getState().lock(reason));
}
