import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDraftAutosave } from './draft-autosave';

/** A save that records what it saved and when, and can be held open. */
function recordingSave() {
  const saved: { draft: string; at: number }[] = [];
  let hold: Promise<void> | null = null;
  const save = vi.fn(async (draft: string) => {
    if (hold) await hold;
    saved.push({ draft, at: Date.now() });
  });
  return {
    saved,
    save,
    holdUntil(release: Promise<void>) {
      hold = release;
    },
  };
}

describe('draft autosave', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('saves the latest draft once typing pauses', async () => {
    const { saved, save } = recordingSave();
    const autosave = createDraftAutosave(save, { delayMs: 300, maxWaitMs: 600, now: Date.now });
    autosave.change('a');
    await vi.advanceTimersByTimeAsync(100);
    autosave.change('ab');
    await vi.advanceTimersByTimeAsync(299);
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(saved).toEqual([{ draft: 'ab', at: 400 }]);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('saves during continuous typing no later than the longest wait after the first unsaved change', async () => {
    const { saved, save } = recordingSave();
    const waited: number[] = [];
    const autosave = createDraftAutosave(save, { delayMs: 300, maxWaitMs: 600, now: Date.now, onSaved: (ms) => waited.push(ms) });
    for (let key = 1; key <= 20; key++) {
      autosave.change(`typed ${key}`);
      await vi.advanceTimersByTimeAsync(100); // a keystroke every 100 ms, never a 300 ms pause
    }
    expect(saved.length).toBeGreaterThanOrEqual(3);
    for (const [index, save] of saved.entries()) expect(save.at - (index === 0 ? 0 : saved[index - 1]!.at)).toBeLessThanOrEqual(700);
    expect(Math.max(...waited)).toBeLessThanOrEqual(600);
  });

  it('flush saves what is pending at once and resolves when it is committed; nothing pending answers null', async () => {
    const { saved, save } = recordingSave();
    const autosave = createDraftAutosave(save, { now: Date.now });
    expect(autosave.flush()).toBeNull();
    autosave.change('typed just now');
    await autosave.flush();
    expect(saved).toEqual([{ draft: 'typed just now', at: 0 }]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('flush also waits for a save already running, and saves run in order', async () => {
    const { saved, save, holdUntil } = recordingSave();
    let release!: () => void;
    holdUntil(new Promise<void>((resolve) => (release = resolve)));
    const autosave = createDraftAutosave(save, { now: Date.now });
    autosave.change('first');
    await vi.advanceTimersByTimeAsync(300); // the first save starts and is held
    autosave.change('second');
    const flushed = autosave.flush()!;
    expect(flushed).not.toBeNull();
    let done = false;
    void flushed.then(() => (done = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBe(false);
    release();
    await flushed;
    expect(saved.map((entry) => entry.draft)).toEqual(['first', 'second']);
  });

  it('a failed save does not stop the next one', async () => {
    const saved: string[] = [];
    const save = vi.fn(async (draft: string) => {
      if (draft === 'fails') throw new Error('vault locked');
      saved.push(draft);
    });
    const autosave = createDraftAutosave(save, { now: Date.now });
    autosave.change('fails');
    await expect(autosave.flush()).rejects.toThrow('vault locked');
    autosave.change('works');
    await autosave.flush();
    expect(saved).toEqual(['works']);
  });

  it('cancel drops a pending change (the outcome was submitted)', async () => {
    const { save } = recordingSave();
    const autosave = createDraftAutosave(save, { now: Date.now });
    autosave.change('submitted instead');
    autosave.cancel();
    expect(autosave.flush()).toBeNull();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(save).not.toHaveBeenCalled();
  });
});
