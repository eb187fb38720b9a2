import type { StoredCase } from '../../vault/vault';
import type { CaseStatus } from '../../vault/vault-schema';

/** How the reviewer narrows and orders the case list. */
export const CASE_SORTS = ['reference', 'periodStart', 'borough', 'status', 'recentlyChanged'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

export interface CaseListView {
  readonly statuses: ReadonlySet<CaseStatus>;
  readonly batchId: string | null;
  /** Only cases sharing a person with another case on this computer or on the endpoint. */
  readonly connectedOnly: boolean;
  readonly sort: CaseSort;
}

export const DEFAULT_CASE_LIST_VIEW: CaseListView = { statuses: new Set(), batchId: null, connectedOnly: false, sort: 'reference' };

/** Work first: a case waiting for the reviewer sorts before one that is done. */
const STATUS_ORDER: Record<CaseStatus, number> = { conflict: 0, returned: 1, draft: 2, unreviewed: 3, submitted: 4, approved: 5 };

// One collator for every comparison: localeCompare with options builds a new one per call, which
// made sorting 10,000 cases take most of a frame budget many times over.
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
const byText = (a: string, b: string) => collator.compare(a, b);

const COMPARE: Record<CaseSort, (a: StoredCase, b: StoredCase) => number> = {
  reference: (a, b) => byText(a.caseFile.reference, b.caseFile.reference),
  periodStart: (a, b) => byText(a.caseFile.periodStart, b.caseFile.periodStart),
  borough: (a, b) => byText(a.caseFile.borough, b.caseFile.borough),
  status: (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status],
  recentlyChanged: (a, b) => b.updatedAt - a.updatedAt,
};

/** The cases in the chosen order, ties broken by reference then id so the order is stable. */
export function sortCases(cases: readonly StoredCase[], sort: CaseSort): StoredCase[] {
  const compare = COMPARE[sort];
  return [...cases].sort((a, b) => compare(a, b) || COMPARE.reference(a, b) || byText(a.caseFile.caseId, b.caseFile.caseId));
}

/**
 * Of cases already sorted, those to list: in the chosen batch, with one of
 * the chosen statuses (all when none are chosen), matching the search (null:
 * no search), connected when asked. Filtering keeps the order, so the list
 * sorts once per change of order, not once per keystroke of a search.
 */
export function filterCases(
  sorted: readonly StoredCase[],
  view: CaseListView,
  searchHits: ReadonlySet<string> | null,
  isConnected: (caseId: string) => boolean,
): StoredCase[] {
  return sorted.filter(
    (stored) =>
      (view.batchId === null || stored.batchId === view.batchId) &&
      (view.statuses.size === 0 || view.statuses.has(stored.status)) &&
      (searchHits === null || searchHits.has(stored.caseFile.caseId)) &&
      (!view.connectedOnly || isConnected(stored.caseFile.caseId)),
  );
}

export function visibleCases(
  cases: readonly StoredCase[],
  view: CaseListView,
  searchHits: ReadonlySet<string> | null,
  isConnected: (caseId: string) => boolean,
): StoredCase[] {
  return filterCases(sortCases(cases, view.sort), view, searchHits, isConnected);
}
