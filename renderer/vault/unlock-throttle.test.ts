import { describe, expect, it } from 'vitest';
import { FIRST_DELAY_MS, MAX_DELAY_MS, NO_FAILURES, nextAttemptAllowedAt, recordFailure, unlockDelayMs } from './unlock-throttle';

describe('unlock throttle', () => {
  it('lets the first attempts through and then doubles the wait up to a cap', () => {
    expect([0, 1, 2].map(unlockDelayMs)).toEqual([0, 0, 0]);
    expect(unlockDelayMs(3)).toBe(FIRST_DELAY_MS);
    expect(unlockDelayMs(4)).toBe(FIRST_DELAY_MS * 2);
    expect(unlockDelayMs(5)).toBe(FIRST_DELAY_MS * 4);
    expect(unlockDelayMs(60)).toBe(MAX_DELAY_MS);
  });

  it('counts failures and remembers when they happened', () => {
    let state = NO_FAILURES;
    for (let attempt = 1; attempt <= 3; attempt++) state = recordFailure(state, attempt * 1000);
    expect(state).toMatchObject({ failedAttempts: 3, lastFailureAt: 3000, pendingFailureTimes: [1000, 2000, 3000] });
    expect(nextAttemptAllowedAt(state)).toBe(3000 + FIRST_DELAY_MS);
    expect(nextAttemptAllowedAt(NO_FAILURES)).toBe(0);
  });
});
