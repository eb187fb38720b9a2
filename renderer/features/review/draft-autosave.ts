/**
 * The review form's draft autosave: a change is saved DELAY_MS after typing
 * pauses, and never later than MAX_WAIT_MS after the first unsaved change,
 * so a crash loses at most the last moment of continuous typing (the issue's
 * bound is one second: MAX_WAIT_MS plus one sealed commit). `flush()` saves
 * what is pending now and resolves once every save begun has settled; the
 * form calls it when it closes, when the page is hidden or left, and the
 * vault session awaits it before a lock drops the keys.
 */
export const DRAFT_DELAY_MS = 300;
export const DRAFT_MAX_WAIT_MS = 600;

export interface DraftAutosave<Draft> {
  /** A new state of the form: saved after the pause (or the longest wait). */
  change(draft: Draft): void;
  /** Saves a pending change now; null when there is nothing pending or being saved. */
  flush(): Promise<void> | null;
  /** Drops a pending change (the outcome was submitted: the draft is gone with it). */
  cancel(): void;
}

export interface DraftAutosaveOptions {
  readonly delayMs?: number;
  readonly maxWaitMs?: number;
  readonly now?: () => number;
  /**
   * After each save: the oldest change it carried waited `sinceFirstChangeMs`
   * from being made to being committed (ui.draftSaveP95Ms measures this).
   */
  readonly onSaved?: (sinceFirstChangeMs: number, firstChangeAt: number) => void;
}

export function createDraftAutosave<Draft>(save: (draft: Draft) => Promise<void>, options: DraftAutosaveOptions = {}): DraftAutosave<Draft> {
  const delayMs = options.delayMs ?? DRAFT_DELAY_MS;
  const maxWaitMs = options.maxWaitMs ?? DRAFT_MAX_WAIT_MS;
  const now = options.now ?? (() => performance.now());
  let pending: { draft: Draft; firstChangeAt: number } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** Saves run one after another, so an older draft never lands after a newer one. */
  let saving: Promise<void> | null = null;

  const stopTimer = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  const saveNow = (): Promise<void> | null => {
    stopTimer();
    if (pending) {
      const { draft, firstChangeAt } = pending;
      pending = null;
      // A failed save (reported by `save` itself) does not stop the next one.
      const previous = saving?.catch(() => undefined) ?? Promise.resolve();
      const run: Promise<void> = previous
        .then(() => save(draft))
        .then(() => options.onSaved?.(now() - firstChangeAt, firstChangeAt))
        .finally(() => {
          if (saving === run) saving = null;
        });
      saving = run;
    }
    return saving;
  };

  return {
    change(draft) {
      const at = now();
      pending = { draft, firstChangeAt: pending?.firstChangeAt ?? at };
      stopTimer();
      const wait = Math.max(0, Math.min(delayMs, pending.firstChangeAt + maxWaitMs - at));
      timer = setTimeout(() => void saveNow()?.catch(() => undefined), wait);
    },
    flush: saveNow,
    cancel() {
      stopTimer();
      pending = null;
    },
  };
}

/**
 * Saves at once when the window is being closed or hidden (closing the lid,
 * switching away, quitting): IndexedDB commits what was started even as the
 * page goes. Returns the unsubscribe.
 */
export function flushOnPageExit(target: Window, flush: () => void): () => void {
  const onHidden = () => {
    if (target.document.visibilityState === 'hidden') flush();
  };
  target.addEventListener('pagehide', flush);
  target.addEventListener('beforeunload', flush);
  target.document.addEventListener('visibilitychange', onHidden);
  return () => {
    target.removeEventListener('pagehide', flush);
    target.removeEventListener('beforeunload', flush);
    target.document.removeEventListener('visibilitychange', onHidden);
  };
}
