import { useAppStore } from '../../app/app-store';

const LOCK_REASON_WORDS = {
  manual: 'You locked CaseDesk.',
  'os-lock': 'CaseDesk locked because the screen was locked.',
  suspend: 'CaseDesk locked because the computer went to sleep.',
} as const;

/** Placeholder until the vault exists: the screen every session starts on. */
export function LockScreen() {
  const lastLockReason = useAppStore((state) => state.lastLockReason);
  return (
    <section className="lock-screen" aria-labelledby="lock-screen-title">
      <h1 id="lock-screen-title">CaseDesk is locked</h1>
      {lastLockReason && (
        <p role="status" data-testid="lock-reason">
          {LOCK_REASON_WORDS[lastLockReason]}
        </p>
      )}
      <p>Case files stay encrypted on this computer until you unlock with your passphrase.</p>
    </section>
  );
}
