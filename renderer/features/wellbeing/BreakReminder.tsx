import { useEffect, useRef, useState } from 'react';
import { useReviewerPreferences } from '../../state/reviewer-preferences';
import { breakDue, onActivity, startReviewClock, type ReviewClock } from './review-time';

const ACTIVITY = ['keydown', 'pointerdown', 'wheel'] as const;
const CHECK_EVERY_MS = 30_000;

/**
 * After the chosen minutes of continuous review (default 50), a gentle,
 * non-blocking suggestion to step away. It never takes the focus: a
 * reviewer typing a rationale is not interrupted.
 */
export function BreakReminder() {
  const minutes = useReviewerPreferences((state) => state.breakReminderMinutes);
  const clock = useRef<ReviewClock>(startReviewClock(Date.now()));
  const [due, setDue] = useState(false);

  useEffect(() => {
    const active = () => {
      clock.current = onActivity(clock.current, Date.now());
    };
    for (const type of ACTIVITY) window.addEventListener(type, active, { capture: true, passive: true });
    const timer = setInterval(() => setDue(breakDue(clock.current, Date.now(), minutes)), CHECK_EVERY_MS);
    return () => {
      for (const type of ACTIVITY) window.removeEventListener(type, active, true);
      clearInterval(timer);
    };
  }, [minutes]);

  if (!due) return null;
  const restart = () => {
    clock.current = startReviewClock(Date.now());
    setDue(false);
  };
  return (
    <aside className="break-reminder" role="status" aria-label="Break reminder" data-testid="break-reminder">
      <p>
        You have been reviewing for {minutes} minutes without a break. This work is heavy: a few minutes away from the screen
        helps. Your draft is saved.
      </p>
      <button type="button" onClick={restart}>
        Remind me later
      </button>
    </aside>
  );
}
