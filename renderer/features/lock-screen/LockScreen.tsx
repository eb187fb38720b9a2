import { useVaultSession } from '../../vault/vault-session';
import { CreateVaultForm } from './CreateVaultForm';
import { UnlockForm } from './UnlockForm';

const LOCK_REASON_WORDS = {
  manual: 'You locked CaseDesk.',
  idle: 'CaseDesk locked after a period without activity.',
  'os-lock': 'CaseDesk locked because the screen was locked.',
  suspend: 'CaseDesk locked because the computer went to sleep.',
} as const;

/** The screen every session starts on: create the vault on first run, unlock it afterwards. */
export function LockScreen() {
  const status = useVaultSession((state) => state.status);
  const lastLockReason = useVaultSession((state) => state.lastLockReason);
  return (
    <section className="lock-screen" aria-labelledby="lock-screen-title">
      <h1 id="lock-screen-title">CaseDesk is locked</h1>
      {lastLockReason && (
        <p role="status" data-testid="lock-reason">
          {LOCK_REASON_WORDS[lastLockReason]}
        </p>
      )}
      <p>Case files stay encrypted on this computer until you unlock with your passphrase.</p>
      {status === 'checking' && <p>Opening the vault…</p>}
      {status === 'unavailable' && (
        <p role="alert">The vault storage could not be opened. Restart CaseDesk; if it keeps happening, tell your team lead.</p>
      )}
      {status === 'missing' && <CreateVaultForm />}
      {status === 'locked' && <UnlockForm />}
    </section>
  );
}
