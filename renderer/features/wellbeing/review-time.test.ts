import { describe, expect, it } from 'vitest';
import { BREAK_GAP_MS, breakDue, onActivity, startReviewClock } from './review-time';

const minutes = (count: number) => count * 60_000;

/** Activity every `everyMs` from `from` to `to`. */
function activeBetween(from: number, to: number, everyMs = 30_000) {
  let clock = startReviewClock(from);
  for (let now = from; now <= to; now += everyMs) clock = onActivity(clock, now);
  return clock;
}

describe('break reminder clock', () => {
  it('suggests a break after the chosen minutes of continuous review, not before', () => {
    expect(breakDue(activeBetween(0, minutes(49)), minutes(49), 50)).toBe(false);
    expect(breakDue(activeBetween(0, minutes(50)), minutes(50), 50)).toBe(true);
    expect(breakDue(activeBetween(0, minutes(30)), minutes(30), 25)).toBe(true);
  });

  it('counts a gap without activity as a break', () => {
    let clock = activeBetween(0, minutes(45));
    clock = onActivity(clock, minutes(45) + BREAK_GAP_MS);
    expect(clock.since).toBe(minutes(45) + BREAK_GAP_MS);
    expect(breakDue(clock, minutes(55), 50)).toBe(false);
    // Away now (no activity for the gap): no reminder to an empty chair.
    expect(breakDue(activeBetween(0, minutes(50)), minutes(50) + BREAK_GAP_MS, 50)).toBe(false);
  });

  it('is off at 0 minutes', () => {
    expect(breakDue(activeBetween(0, minutes(300)), minutes(300), 0)).toBe(false);
  });
});
