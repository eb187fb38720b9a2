import { useEffect, useMemo, useRef } from 'react';
import { CASE_STATUS_WORDS } from '../../ui/case-status-words';
import { useRowWindow } from '../../ui/row-window';
import { VisibleText } from '../../ui/VisibleText';
import type { StoredCase } from '../../vault/vault';
import { CASE_STATUSES } from '../../vault/vault-schema';
import { CASE_SORTS, filterCases, sortCases, type CaseSort } from './case-list-view';
import { useCases } from './case-store';

const ROW_HEIGHT = 34;
const HEADER_HEIGHT = 34;

const SORT_WORDS: Record<CaseSort, string> = {
  reference: 'Reference',
  periodStart: 'Period start',
  borough: 'Borough',
  status: 'Status (work first)',
  recentlyChanged: 'Recently changed',
};

/** The cases in view, in the order shown; the workspace moves through them with next/previous. */
export function useShownCases() {
  const cases = useCases((state) => state.cases);
  const view = useCases((state) => state.view);
  // Not deferred: a search answers in about a millisecond, so the narrowed list is drawn with the keystroke.
  const query = useCases((state) => state.query);
  const searchIndex = useCases((state) => state.searchIndex);
  const people = useCases((state) => state.people);
  const linkedReferences = useCases((state) => state.linkedReferences);
  const sorted = useMemo(() => sortCases(cases, view.sort), [cases, view.sort]);
  return useMemo(() => {
    const hits = searchIndex ? searchIndex.search(query) : null;
    const isConnected = (caseId: string) => {
      if ((linkedReferences.get(caseId)?.length ?? 0) > 0) return true;
      const local = people.byCaseId.get(caseId);
      if (!local) return false;
      return [...local.caseFile.victimIds, ...local.caseFile.suspectIds].some((personId) => (people.appearances.get(personId)?.length ?? 0) > 1);
    };
    return filterCases(sorted, view, hits, isConnected);
  }, [sorted, view, query, searchIndex, people, linkedReferences]);
}

function CaseListControls({ shownCount }: { shownCount: number }) {
  const query = useCases((state) => state.query);
  const setQuery = useCases((state) => state.setQuery);
  const view = useCases((state) => state.view);
  const setView = useCases((state) => state.setView);
  const indexing = useCases((state) => state.searchIndex === null && state.cases.length > 0);
  const toggleStatus = (status: (typeof CASE_STATUSES)[number]) => {
    const statuses = new Set(view.statuses);
    if (statuses.has(status)) statuses.delete(status);
    else statuses.add(status);
    setView({ statuses });
  };
  return (
    <div className="case-list-controls">
      <label className="case-search">
        Search cases
        <input
          type="search"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            // Esc leaves the search box (keeping the search), so single-key shortcuts work again.
            if (event.key === 'Escape') {
              event.preventDefault();
              event.currentTarget.blur();
            }
          }}
          placeholder="Words from a summary, reference, person id…"
          autoComplete="off"
          spellCheck={false}
          data-testid="case-search"
          aria-describedby="case-search-state"
        />
      </label>
      <p id="case-search-state" className="case-search-state" role="status">
        {indexing && query.trim() !== '' ? 'Preparing search… ' : ''}
        Showing <span data-testid="case-shown-count">{shownCount}</span>
      </p>
      <fieldset className="status-filter">
        <legend>Status</legend>
        {CASE_STATUSES.map((status) => (
          <button key={status} type="button" aria-pressed={view.statuses.has(status)} onClick={() => toggleStatus(status)} data-testid="status-filter" data-status={status}>
            {CASE_STATUS_WORDS[status]}
          </button>
        ))}
      </fieldset>
      <label className="inline-check">
        <input type="checkbox" checked={view.connectedOnly} onChange={(event) => setView({ connectedOnly: event.target.checked })} data-testid="connected-only" />
        Shares a person with another case
      </label>
      <label>
        Sort by{' '}
        <select value={view.sort} onChange={(event) => setView({ sort: event.target.value as CaseSort })} data-testid="case-sort">
          {CASE_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {SORT_WORDS[sort]}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/**
 * The cases, searchable, filterable and sortable; only the rows in view are
 * drawn (ui/row-window.ts), so 10,000 cases scroll like 30. Damaged records
 * are named by id, never opened.
 */
export function CaseList({
  shown,
  batchName,
  onClearBatch,
}: {
  /** From useShownCases, computed once by the workspace (which also steps through it). */
  shown: readonly StoredCase[];
  batchName: string | null;
  onClearBatch: () => void;
}) {
  const total = useCases((state) => state.cases.length);
  const damaged = useCases((state) => state.damaged);
  const selectedCaseId = useCases((state) => state.selectedCaseId);
  const select = useCases((state) => state.select);
  const scroller = useRef<HTMLDivElement>(null);
  const { window: rows, showRow } = useRowWindow(scroller, shown.length, ROW_HEIGHT, HEADER_HEIGHT);

  const selectedRow = useMemo(() => shown.findIndex((stored) => stored.caseFile.caseId === selectedCaseId), [shown, selectedCaseId]);
  useEffect(() => {
    if (selectedRow >= 0) showRow(selectedRow);
  }, [selectedRow, showRow]);

  return (
    <section className="case-list" aria-labelledby="case-list-title">
      <h2 id="case-list-title">
        Cases <span data-testid="case-count">{total}</span>
      </h2>
      {batchName !== null && (
        <p className="batch-filter" data-testid="batch-filter">
          In batch <strong>{batchName}</strong>{' '}
          <button type="button" onClick={onClearBatch}>
            Show all batches
          </button>
        </p>
      )}
      {damaged.length > 0 && (
        <ul className="damaged-records" aria-label="Damaged records">
          {damaged.map((record) => (
            <li key={`${record.table}/${record.id}`} role="alert" data-testid="damaged-record" data-record-id={record.id}>
              Record {record.id} ({record.table}) is damaged and cannot be opened. Every other record is unaffected.
            </li>
          ))}
        </ul>
      )}
      <CaseListControls shownCount={shown.length} />
      <div className="case-rows" ref={scroller} data-testid="case-rows">
        <table aria-rowcount={shown.length + 1}>
          <thead>
            <tr style={{ height: HEADER_HEIGHT }}>
              <th scope="col">Reference</th>
              <th scope="col">Borough</th>
              <th scope="col">Period</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {rows.spaceBefore > 0 && <tr aria-hidden="true" style={{ height: rows.spaceBefore }} />}
            {shown.slice(rows.first, rows.end).map(({ caseFile, status }, offset) => (
              <tr
                key={caseFile.caseId}
                style={{ height: ROW_HEIGHT }}
                data-testid="case-row"
                data-case-id={caseFile.caseId}
                aria-rowindex={rows.first + offset + 2}
                aria-selected={caseFile.caseId === selectedCaseId}
              >
                <td>
                  <button type="button" className="link-button" onClick={() => select(caseFile.caseId)} data-case-id={caseFile.caseId}>
                    <VisibleText text={caseFile.reference} />
                  </button>
                </td>
                <td className="clip">
                  <VisibleText text={caseFile.borough} />
                </td>
                <td className="clip">{caseFile.periodStart.slice(0, 7)}</td>
                <td data-testid="case-status" data-status={status}>
                  {CASE_STATUS_WORDS[status]}
                </td>
              </tr>
            ))}
            {rows.spaceAfter > 0 && <tr aria-hidden="true" style={{ height: rows.spaceAfter }} />}
          </tbody>
        </table>
        {shown.length === 0 && total > 0 && <p className="case-list-empty">No case matches the search and filters.</p>}
      </div>
    </section>
  );
}
