/** The one allowed range of the idle-lock setting, in minutes: enforced when set and when read. */
export const IDLE_LOCK_MINUTES_RANGE = { min: 1, max: 30 } as const;
export const DEFAULT_IDLE_LOCK_MINUTES = 5;

export function isAllowedIdleLockMinutes(minutes: number): boolean {
  return Number.isInteger(minutes) && minutes >= IDLE_LOCK_MINUTES_RANGE.min && minutes <= IDLE_LOCK_MINUTES_RANGE.max;
}

/**
 * The setting as stored is clear (it must be read while locked), so someone
 * with the disk could set it to hours: read it back clamped into the range.
 */
export function clampIdleLockMinutes(stored: unknown): number {
  if (typeof stored !== 'number' || !Number.isFinite(stored)) return DEFAULT_IDLE_LOCK_MINUTES;
  return Math.min(IDLE_LOCK_MINUTES_RANGE.max, Math.max(IDLE_LOCK_MINUTES_RANGE.min, Math.round(stored)));
}

const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'focus'] as const;

/**
 * Calls `onIdle` once no user activity has been seen for `timeoutMs`. The
 * deadline is re-checked against the clock when the timer fires, because
 * timers stall while a laptop sleeps or a window is hidden.
 */
export function watchIdle(target: EventTarget, timeoutMs: number, onIdle: () => void): () => void {
  let lastActivity = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const arm = (delay: number) => {
    clearTimeout(timer);
    timer = setTimeout(check, delay);
  };
  function check() {
    if (stopped) return;
    const idleFor = Date.now() - lastActivity;
    if (idleFor >= timeoutMs) {
      stop();
      onIdle();
    } else {
      arm(timeoutMs - idleFor);
    }
  }
  const activity = () => {
    lastActivity = Date.now();
  };
  function stop() {
    stopped = true;
    clearTimeout(timer);
    for (const type of ACTIVITY_EVENTS) target.removeEventListener(type, activity, true);
  }

  for (const type of ACTIVITY_EVENTS) target.addEventListener(type, activity, { capture: true, passive: true });
  arm(timeoutMs);
  return stop;
}
