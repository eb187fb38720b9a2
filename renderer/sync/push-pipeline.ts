import type { MutationResult } from '../../shared/sync-protocol/push';
import type { SealedEntry } from '../vault/sealed-table';
import type { PushTally } from './apply-push-results';
import type { OutboxClear, OutboxEntry } from './sync-records';

export type OutboxPage = readonly SealedEntry<OutboxEntry, OutboxClear>[];

export interface PushPipelineSteps {
  /** The first `limit` queued entries in order, leaving out `exclude` (read but not yet stored). */
  read(limit: number, exclude: ReadonlySet<string>): Promise<OutboxPage>;
  /** One request; the pipeline never has two in flight. */
  send(page: OutboxPage): Promise<readonly MutationResult[]>;
  /** Stores the answers to these entries (several pages, in order) in one commit. */
  store(entries: OutboxPage, results: readonly MutationResult[]): Promise<PushTally>;
  /** After each commit: entries stored and what became of them. */
  onStored(tally: PushTally, entries: number): void;
  /** Throws when the run was stopped (a lock). */
  assertRunning(): void;
}

export interface PushPipelineShape {
  readonly pageSize: number;
  /** Pages read and opened ahead of the one in flight. */
  readonly readAhead: number;
  /** Answered pages stored in one commit at most (and kept waiting at most twice that). */
  readonly pagesPerCommit: number;
}

/**
 * Pushes the outbox so the one request in flight is the only thing the run
 * waits on: the next pages are read and opened while a page travels, and the
 * answers are stored behind it, several pages to a commit. The guarantees do
 * not move: requests go one at a time, in outbox order; an entry leaves the
 * outbox only in the commit that stores its answer; an entry is sent at most
 * once per run (`unsettled` holds every entry read and not yet stored, and
 * each read leaves those out). A crash anywhere leaves answered-but-unstored
 * entries in the outbox; the next run sends them again and the endpoint
 * answers them as duplicates of what it applied.
 */
export async function runPushPipeline(steps: PushPipelineSteps, shape: PushPipelineShape): Promise<void> {
  const unsettled = new Set<string>();
  // Reads run one after another, each seeing the entries every earlier read took.
  let readTail: Promise<unknown> = Promise.resolve();
  const readNext = (): Promise<OutboxPage> => {
    const page = readTail.then(async () => {
      // A snapshot: an entry stored (and removed) while this read runs is still left out.
      const entries = await steps.read(shape.pageSize, new Set(unsettled));
      for (const entry of entries) unsettled.add(entry.id);
      return entries;
    });
    readTail = page.catch(() => undefined);
    return handled(page);
  };

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
  const storedSoFar = async () => {
    while (storing) await storing;
  };

  const ahead = Array.from({ length: 1 + shape.readAhead }, readNext);
  try {
    for (;;) {
      const page = await ahead.shift()!;
      if (page.length === 0 || storeFailure) break;
      ahead.push(readNext());
      steps.assertRunning();
      const results = await steps.send(page);
      answered.push({ entries: page, results });
      startStoring();
      steps.assertRunning();
      // Bounded: answers wait for at most two commits' worth before the next request.
      while (answered.length >= 2 * shape.pagesPerCommit && storing) await storing;
    }
  } finally {
    // Whatever ended the loop, answers already received are stored, and no read is left running.
    await storedSoFar();
    await readTail;
  }
  if (storeFailure) throw (storeFailure as { error: unknown }).error;
}

/** A step started ahead may be abandoned when a run stops; its failure must not surface as unhandled. */
export function handled<Result>(pending: Promise<Result>): Promise<Result> {
  pending.catch(() => undefined);
  return pending;
}
