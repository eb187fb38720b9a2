/**
 * Continuous review time, for the break reminder. Review is continuous while
 * the reviewer keeps acting (keys, pointer); a gap of BREAK_GAP_MS without
 * activity counts as a break and starts the count again, as does taking the
 * suggested break or asking to be reminded later.
 */
export const BREAK_GAP_MS = 5 * 60_000;

export interface ReviewClock {
  /** When the current stretch of continuous review began. */
  readonly since: number;
  readonly lastActivity: number;
}

export function startReviewClock(now: number): ReviewClock {
  return { since: now, lastActivity: now };
}

export function onActivity(clock: ReviewClock, now: number): ReviewClock {
  if (now - clock.lastActivity >= BREAK_GAP_MS) return startReviewClock(now);
  return { since: clock.since, lastActivity: now };
}

/** Whether to suggest a break now; never while a gap is itself already a break. */
export function breakDue(clock: ReviewClock, now: number, reminderMinutes: number): boolean {
  if (reminderMinutes <= 0) return false;
  if (now - clock.lastActivity >= BREAK_GAP_MS) return false;
  return clock.lastActivity - clock.since >= reminderMinutes * 60_000;
}
