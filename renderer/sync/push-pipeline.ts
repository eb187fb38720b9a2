import type { MutationResult } from '../../shared/sync-protocol/push';
import type { SealedEntry } from '../vault/sealed-table';
import type { PushTally } from './apply-push-results';
import type { OutboxClear, OutboxEntry } from './sync-records';

export type OutboxPage = readonly SealedEntry<OutboxEntry, OutboxClear>[];

export interface PushPipelineSteps {
  /** The first `limit` queued entries in order, leaving out `exclude` (read but not yet stored). */
  read(limit: number, exclude: ReadonlySet<string>): Promise<OutboxPage>;
  /**
   * Sends pages in order or throws; answers the first few (at least one; the
   * rest are sent again). Main posts one request at a time, in the order the
   * calls reach it. `continues`: this call was made while the one before was
   * still on its way, and main posts it only if that one was answered in
   * full (otherwise it refuses, sending nothing, and the pages go again).
   */
  send(pages: readonly OutboxPage[], continues: boolean): Promise<readonly (readonly MutationResult[])[]>;
  /** Stores the answers to these entries (several pages, in order) in one commit. */
  store(entries: OutboxPage, results: readonly MutationResult[]): Promise<PushTally>;
  /** After each commit: entries stored and what became of them. */
  onStored(tally: PushTally, entries: number): void;
  /** Throws when the run was stopped (a lock). */
  assertRunning(): void;
}

export interface PushPipelineShape {
  readonly pageSize: number;
  /** Pages read and opened, waiting to be sent, at most. */
  readonly pagesAhead: number;
  /** Pages one `send` carries at most: those already read when it starts. */
  readonly pagesPerSend: number;
  /** Answered pages stored in one commit at most (and kept waiting at most twice that). */
  readonly pagesPerCommit: number;
  /** Calls on their way to main at once: 2 lets main post the next pages as soon as one call's are answered. */
  readonly sendsInFlight: number;
}

/**
 * Pushes the outbox so the endpoint is what the run waits on: the next pages
 * are read and opened while pages travel; a second call follows the one in
 * flight, so main posts its pages the moment the first call's are answered
 * (the answer's way back to the renderer no longer leaves the endpoint idle);
 * answers are stored behind, several pages to a commit. The guarantees do not
 * move: requests go one at a time, in outbox order (main posts a continuation
 * only after the call before it was answered in full); an entry leaves the
 * outbox only in the commit that stores its answer; an entry is sent at most
 * once per run, unless unanswered (`unsettled` holds every entry read and not
 * yet stored, and each read leaves those out). A crash anywhere leaves
 * answered-but-unstored entries in the outbox; the next run sends them again
 * and the endpoint answers them as duplicates.
 */
export async function runPushPipeline(steps: PushPipelineSteps, shape: PushPipelineShape): Promise<void> {
  const unsettled = new Set<string>();
  let changed = signal();

  // Reading: one read at a time (each sees what the earlier ones took), up to `pagesAhead` pages.
  const ready: OutboxPage[] = [];
  let reading: Promise<void> | null = null;
  let outboxDrained = false;
  let stopReading = false;
  let readFailure: { error: unknown } | null = null;
  const readAhead = () => {
    if (reading || outboxDrained || stopReading || readFailure || ready.length >= shape.pagesAhead) return;
    reading = (async () => {
      while (!outboxDrained && !stopReading && ready.length < shape.pagesAhead) {
        // A snapshot: an entry stored (and removed) while this read runs is still left out.
        const page = await steps.read(shape.pageSize, new Set(unsettled));
        for (const entry of page) unsettled.add(entry.id);
        if (page.length > 0) ready.push(page);
        // A short page: nothing else was queued when it was read (later entries wait for the next run).
        if (page.length < shape.pageSize) outboxDrained = true;
        changed = changed.fire();
      }
    })()
      .catch((error: unknown) => {
        readFailure = { error };
      })
      .finally(() => {
        reading = null;
        changed = changed.fire();
      });
  };

  // Storing: answered pages in order, up to `pagesPerCommit` to a commit.
  const answered: { entries: OutboxPage; results: readonly MutationResult[] }[] = [];
  let storing: Promise<void> | null = null;
  let storeFailure: { error: unknown } | null = null;
  const storeAnswered = async () => {
    while (answered.length > 0 && !storeFailure) {
      const group = answered.splice(0, shape.pagesPerCommit);
      const entries = group.flatMap((page) => page.entries);
      try {
        const tally = await steps.store(entries, group.flatMap((page) => page.results));
        for (const entry of entries) unsettled.delete(entry.id);
        steps.onStored(tally, entries.length);
      } catch (error) {
        storeFailure = { error };
      }
    }
  };
  const startStoring = () => {
    if (storing || storeFailure || answered.length === 0) return;
    storing = storeAnswered().finally(() => {
      storing = null;
      startStoring();
    });
  };

  // Sending: calls in order; the first in line is sent with retries, those behind it as continuations.
  type Outcome = { readonly answers: readonly (readonly MutationResult[])[] } | { readonly error: unknown };
  const sending: { readonly pages: OutboxPage[]; readonly continues: boolean; readonly outcome: Promise<Outcome> }[] = [];
  const startSend = (continues: boolean) => {
    // Near the end, calls shrink by halves, so the answer left to store after the last one is small.
    const atTheEnd = outboxDrained && !reading;
    const pages = ready.splice(0, atTheEnd ? Math.min(shape.pagesPerSend, Math.ceil(ready.length / 2)) : shape.pagesPerSend);
    readAhead();
    const outcome = steps.send(pages, continues).then(
      (answers): Outcome => ({ answers }),
      (error: unknown): Outcome => ({ error }),
    );
    sending.push({ pages, continues, outcome });
  };
  /** Puts these pages, and those of every call still behind them (refused by main, or answered twice later), back in front. */
  const sendAgain = async (pages: readonly OutboxPage[]) => {
    const behind = sending.splice(0);
    await Promise.all(behind.map((call) => call.outcome));
    ready.unshift(...pages, ...behind.flatMap((call) => call.pages));
  };

  try {
    for (;;) {
      readAhead();
      if (sending.length === 0) {
        while (ready.length === 0 && (reading || (!outboxDrained && !readFailure))) {
          await changed.wait;
          readAhead();
        }
        if (readFailure) throw (readFailure as { error: unknown }).error;
        if (ready.length === 0 || storeFailure) break;
        steps.assertRunning();
        startSend(false);
        continue;
      }
      // A continuation goes once a full call's pages are read (or the outbox has no more), so calls stay large.
      const enoughForACall = ready.length >= shape.pagesPerSend || (ready.length > 0 && outboxDrained && !reading);
      if (sending.length < shape.sendsInFlight && enoughForACall && !storeFailure) {
        startSend(true);
        continue;
      }
      const head = sending[0]!;
      const woken = changed.wait;
      const outcome = await Promise.race([head.outcome, woken.then(() => null)]);
      if (outcome === null) continue; // more pages read: perhaps enough for a continuation
      sending.shift();
      if ('error' in outcome) {
        // A continuation that failed (refused after an incomplete call, or lost) is sent again as a call of its own.
        await sendAgain(head.continues ? head.pages : []);
        if (!head.continues) {
          ready.unshift(...head.pages);
          throw outcome.error;
        }
        continue;
      }
      const { answers } = outcome;
      answered.push(...answers.map((results, index) => ({ entries: head.pages[index]!, results })));
      if (answers.length < head.pages.length) await sendAgain(head.pages.slice(answers.length));
      startStoring();
      steps.assertRunning();
      // Bounded: answers wait for at most two commits' worth before the next request.
      while (answered.length >= 2 * shape.pagesPerCommit && storing) await storing;
    }
  } finally {
    // Whatever ended the loop, answers already received are stored, and no read or call is left running.
    stopReading = true;
    await Promise.all(sending.map((call) => call.outcome));
    while (storing) await storing;
    await reading;
  }
  if (storeFailure) throw (storeFailure as { error: unknown }).error;
}

/** A one-shot wake-up: `fire` resolves this one and returns the next. */
function signal(): { wait: Promise<void>; fire(): ReturnType<typeof signal> } {
  let resolve!: () => void;
  const wait = new Promise<void>((settle) => (resolve = settle));
  return {
    wait,
    fire() {
      resolve();
      return signal();
    },
  };
}
