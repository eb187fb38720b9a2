import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry-policy';

const policy = { baseMs: 1_000, capMs: 60_000 };

describe('retry delay (exponential backoff, full jitter)', () => {
  it('grows its ceiling exponentially up to the cap', () => {
    const atTop = () => 0.999_999;
    expect(retryDelayMs(policy, 0, atTop)).toBe(999);
    expect(retryDelayMs(policy, 3, atTop)).toBe(7_999);
    expect(retryDelayMs(policy, 20, atTop)).toBe(59_999);
  });

  it('spreads retries across the whole window (jitter)', () => {
    const delays = [0, 0.25, 0.5, 0.75].map((value) => retryDelayMs(policy, 4, () => value));
    expect(delays).toEqual([0, 4_000, 8_000, 12_000]);
  });

  it("never retries before the server's Retry-After, and caps an absurd one at an hour", () => {
    expect(retryDelayMs(policy, 0, () => 0, 30)).toBe(30_000);
    expect(retryDelayMs(policy, 10, () => 0.9, 1)).toBeGreaterThan(1_000);
    expect(retryDelayMs(policy, 0, () => 0, 10_000_000)).toBe(3_600_000);
  });
});
