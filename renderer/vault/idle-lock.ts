/**
 * Calls `onIdle` once no user activity has been seen for `timeoutMs`. The
 * deadline is re-checked against the clock when the timer fires, because
 * timers stall while a laptop sleeps or a window is hidden.
 */
const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'focus'] as const;

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
