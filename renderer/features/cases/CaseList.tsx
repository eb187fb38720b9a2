import type { CaseStatus } from '../../vault/vault-schema';
import { useCaseListStore } from './case-list-store';

const CASE_STATUS_WORDS: Record<CaseStatus, string> = {
  unreviewed: 'Not started',
  draft: 'Draft',
  submitted: 'Submitted',
  returned: 'Returned',
  approved: 'Approved',
  conflict: 'Conflict',
};

/** The imported cases by reference and borough; damaged records are named by id, never opened. */
export function CaseList() {
  const cases = useCaseListStore((state) => state.cases);
  const damaged = useCaseListStore((state) => state.damaged);
  const selectedCaseId = useCaseListStore((state) => state.selectedCaseId);
  const select = useCaseListStore((state) => state.select);

  return (
    <section className="case-list" aria-labelledby="case-list-title">
      <h2 id="case-list-title">
        Cases <span data-testid="case-count">{cases.length}</span>
      </h2>
      {damaged.length > 0 && (
        <ul className="damaged-records" aria-label="Damaged records">
          {damaged.map((record) => (
            <li key={`${record.table}/${record.id}`} role="alert" data-testid="damaged-record" data-record-id={record.id}>
              Record {record.id} ({record.table}) is damaged and cannot be opened. Every other record is unaffected.
            </li>
          ))}
        </ul>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">Reference</th>
            <th scope="col">Borough</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {cases.map(({ caseFile, status }) => (
            <tr key={caseFile.caseId} data-testid="case-row" data-case-id={caseFile.caseId} aria-selected={caseFile.caseId === selectedCaseId}>
              <td>
                <button type="button" className="link-button" onClick={() => select(caseFile.caseId)} data-case-id={caseFile.caseId}>
                  {caseFile.reference}
                </button>
              </td>
              <td>{caseFile.borough}</td>
              <td data-testid="case-status" data-status={status}>
                {CASE_STATUS_WORDS[status]}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
