import type { UnlockThrottleRow } from './vault-database';

/**
 * Growing delay after repeated wrong passphrases, kept in the vault database
 * so a restart does not reset it. The first FREE_ATTEMPTS failures cost
 * nothing beyond Argon2id itself; after that each failure doubles the wait,
 * up to MAX_DELAY_MS. (Someone holding the disk can bypass this; against
 * them the defence is Argon2id. This guards the unlocked-laptop-left-alone case.)
 */
export const FREE_ATTEMPTS = 3;
export const FIRST_DELAY_MS = 2_000;
export const MAX_DELAY_MS = 5 * 60_000;
/** Failures remembered for the audit log while locked; older ones are summarised by the count. */
export const MAX_PENDING_FAILURES = 100;

export const NO_FAILURES: UnlockThrottleRow = { name: 'throttle', failedAttempts: 0, lastFailureAt: 0, pendingFailureTimes: [], pendingFailureCount: 0 };

export function unlockDelayMs(failedAttempts: number): number {
  if (failedAttempts < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (failedAttempts - FREE_ATTEMPTS));
}

/** Epoch ms before which no attempt is allowed (0 = now). */
export function nextAttemptAllowedAt(state: UnlockThrottleRow): number {
  const delay = unlockDelayMs(state.failedAttempts);
  return delay === 0 ? 0 : state.lastFailureAt + delay;
}

/**
 * One more failure. A failed unlock cannot write the (encrypted) audit log,
 * so it is kept pending: its time (the last MAX_PENDING_FAILURES of them)
 * and the total count. A failure while unlocked (a wrong current passphrase
 * on change) is audited at once and only counted here (`pending: false`).
 */
export function recordFailure(state: UnlockThrottleRow, now: number, { pending = true } = {}): UnlockThrottleRow {
  const pendingCount = state.pendingFailureCount ?? state.pendingFailureTimes.length;
  return {
    name: 'throttle',
    failedAttempts: state.failedAttempts + 1,
    lastFailureAt: now,
    pendingFailureTimes: pending ? [...state.pendingFailureTimes, now].slice(-MAX_PENDING_FAILURES) : state.pendingFailureTimes,
    pendingFailureCount: pending ? pendingCount + 1 : pendingCount,
  };
}
