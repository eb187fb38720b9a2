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
 */
export interface CaseSearchIndex {
  /** Case ids matching every word of the query; null for a query with no words. */
  search(query: string): ReadonlySet<string> | null;
}

const SEARCHED_FIELDS = ['reference', 'borough', 'summary', 'offences', 'originalOutcome', 'documents', 'people'] as const;

function fieldText(caseFile: CaseFile, field: string): string {
  switch (field) {
    case 'offences':
      return caseFile.offences.join('\n');
    case 'documents':
      return caseFile.documents.map((document) => `${document.title}\n${document.excerpt}`).join('\n');
    case 'people':
      return [...caseFile.victimIds, ...caseFile.suspectIds].join(' ');
    default:
      return String(caseFile[field as keyof CaseFile] ?? '');
  }
}

function newIndex(): MiniSearch<CaseFile> {
  return new MiniSearch<CaseFile>({
    idField: 'caseId',
    fields: [...SEARCHED_FIELDS],
    storeFields: [],
    extractField: fieldText,
    // Only the word being typed (the last) matches as a prefix, and only from 3 letters: a prefix
    // on every word, or on "op", widens the candidate set to most cases and made search slow.
    searchOptions: { combineWith: 'AND', prefix: (term, index, terms) => index === terms.length - 1 && term.length >= 3 },
  });
}

function wrap(index: MiniSearch<CaseFile>): CaseSearchIndex {
  return {
    search(query) {
      if (!/[\p{L}\p{N}]/u.test(query)) return null;
      return new Set(index.search(query).map((hit) => String(hit.id)));
    },
  };
}

/** Builds the index in chunks, yielding between them, so the list stays responsive at 10,000 cases. */
export async function buildCaseSearchIndex(cases: readonly CaseFile[]): Promise<CaseSearchIndex> {
  const index = newIndex();
  await index.addAllAsync(cases, { chunkSize: 200 });
  return wrap(index);
}
