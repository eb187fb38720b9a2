import MiniSearch from 'minisearch';
import type { CaseFile } from '../../../shared/domain/case-file';

/**
 * Full-text search over decrypted case files, in memory only. MiniSearch
 * (a maintained, dependency-free inverted index) keeps the whole index in
 * this renderer's heap; it is built after unlock, dropped with the case
 * store on lock, and never serialised, so no clear copy reaches disk.
 *
 * A query matches cases holding every word of it (the last word also as a
 * prefix, as one types), so a phrase copied from a summary finds its case.
 *
 * Built for a yes/no answer, not a ranking (the list keeps its own order):
 * one field of all the case's text, each word once per case, so 10,000
 * cases of several pages each index in a fraction of the time. A word with
 * inner punctuation (`OP-2021-01234`, `P-0042`, `child's`) is indexed whole
 * and by its parts, and a query keeps it whole: a reference then looks up
 * one term instead of intersecting "op" (every case) with its numbers.
 */
export interface CaseSearchIndex {
  /** Case ids matching every word of the query; null for a query with no words. */
  search(query: string): ReadonlySet<string> | null;
}

/** An index being built or kept up to date; `snapshot()` is what the list searches. */
export interface LiveCaseSearchIndex {
  /** Adds these cases, replacing an older copy of any of them. */
  upsert(cases: readonly CaseFile[]): void;
  remove(caseIds: readonly string[]): void;
  /** A new handle on the index as it is now (a new object, so the list searches again). */
  snapshot(): CaseSearchIndex;
}

/** A word, with inner punctuation kept: `op-2021-01234`, `child's`, `report`. */
const WORD = /[\p{L}\p{N}]+(?:\p{P}+[\p{L}\p{N}]+)*/gu;
const PUNCTUATION = /\p{P}+/u;

function caseText(caseFile: CaseFile): string {
  return [
    caseFile.reference,
    caseFile.borough,
    caseFile.summary,
    caseFile.originalOutcome,
    ...caseFile.offences,
    ...caseFile.documents.flatMap((document) => [document.title, document.excerpt]),
    ...caseFile.victimIds,
    ...caseFile.suspectIds,
  ].join('\n');
}

/** Each word of a case once (its tally would only feed a ranking nobody reads), compounds also by part. */
function indexedTerms(text: string): string[] {
  const terms = new Set<string>();
  for (const word of text.toLowerCase().match(WORD) ?? []) {
    terms.add(word);
    if (PUNCTUATION.test(word)) for (const part of word.split(PUNCTUATION)) terms.add(part);
  }
  return [...terms];
}

function queryTerms(query: string): string[] {
  return query.toLowerCase().match(WORD) ?? [];
}

function newIndex(): MiniSearch<CaseFile> {
  return new MiniSearch<CaseFile>({
    idField: 'caseId',
    fields: ['text'],
    storeFields: [],
    extractField: (caseFile, field) => (field === 'caseId' ? caseFile.caseId : caseText(caseFile)),
    tokenize: indexedTerms,
    // Terms come lower-cased from the tokenizers; lower-casing each again cost a call per word.
    processTerm: (term) => term,
    // Only the word being typed (the last) matches as a prefix, and only from 3 letters: a prefix
    // on every word, or on "op", widens the candidate set to most cases and made search slow.
    searchOptions: {
      combineWith: 'AND',
      tokenize: queryTerms,
      processTerm: (term) => term,
      prefix: (term, index, terms) => index === terms.length - 1 && term.length >= 3,
    },
  });
}

function handle(index: MiniSearch<CaseFile>): CaseSearchIndex {
  return {
    search(query) {
      if (!/[\p{L}\p{N}]/u.test(query)) return null;
      return new Set(index.search(query).map((hit) => String(hit.id)));
    },
  };
}

function live(index: MiniSearch<CaseFile>): LiveCaseSearchIndex {
  const remove = (caseIds: readonly string[]) => {
    for (const caseId of caseIds) if (index.has(caseId)) index.discard(caseId);
  };
  return {
    upsert(cases) {
      remove(cases.map((caseFile) => caseFile.caseId));
      index.addAll(cases);
    },
    remove,
    snapshot: () => handle(index),
  };
}

/** Yields the thread so a frame can be drawn and input handled between slices. */
function yieldToBrowser(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export interface IndexBuildOptions {
  /** Checked between slices: true stops the build (a lock), and the partial index is dropped. */
  readonly shouldStop?: () => boolean;
  /** Longest stretch of work between yields. */
  readonly sliceMs?: number;
  /** The live index is handed out before the build ends, so changes arriving meanwhile go into it. */
  readonly onStarted?: (index: LiveCaseSearchIndex) => void;
}

/**
 * Builds the index in short slices on this thread, yielding between them,
 * so the list stays responsive at 10,000 cases. Resolves null when stopped.
 * A case already in the index when its turn comes (upserted meanwhile, so
 * newer) is left as it is.
 */
export async function buildCaseSearchIndex(cases: readonly CaseFile[], options: IndexBuildOptions = {}): Promise<LiveCaseSearchIndex | null> {
  const index = newIndex();
  const built = live(index);
  options.onStarted?.(built);
  const sliceMs = options.sliceMs ?? 12;
  let next = 0;
  while (next < cases.length) {
    if (options.shouldStop?.()) return null;
    const sliceEnd = performance.now() + sliceMs;
    do {
      const caseFile = cases[next++]!;
      if (!index.has(caseFile.caseId)) index.add(caseFile);
    } while (next < cases.length && performance.now() < sliceEnd);
    if (next < cases.length) await yieldToBrowser();
  }
  return options.shouldStop?.() ? null : built;
}
