import { useCaseListStore } from './case-list-store';

/** One case file in full, field by field (text only: React escapes every value). */
export function CaseDetail() {
  const selected = useCaseListStore((state) => state.cases.find((stored) => stored.caseFile.caseId === state.selectedCaseId));
  if (!selected) return <p className="case-detail-empty">Choose a case to read it.</p>;
  const { caseFile } = selected;
  return (
    <article className="case-detail" data-testid="case-detail" data-case-id={caseFile.caseId} aria-labelledby="case-detail-title">
      <h2 id="case-detail-title" data-field="reference">{caseFile.reference}</h2>
      <dl>
        <dt>Period</dt>
        <dd>
          <span data-field="periodStart">{caseFile.periodStart}</span> to <span data-field="periodEnd">{caseFile.periodEnd}</span>
        </dd>
        <dt>Borough</dt>
        <dd data-field="borough">{caseFile.borough}</dd>
        <dt>Original outcome</dt>
        <dd data-field="originalOutcome">{caseFile.originalOutcome}</dd>
        <dt>Offences</dt>
        <dd>
          <ul data-field="offences">{caseFile.offences.map((offence, index) => <li key={index}>{offence}</li>)}</ul>
        </dd>
        <dt>Victims</dt>
        <dd>
          <ul data-field="victimIds">{caseFile.victimIds.map((id) => <li key={id}>{id}</li>)}</ul>
        </dd>
        <dt>Suspects</dt>
        <dd>
          <ul data-field="suspectIds">{caseFile.suspectIds.map((id) => <li key={id}>{id}</li>)}</ul>
        </dd>
      </dl>
      <h3>Summary</h3>
      <p data-field="summary">{caseFile.summary}</p>
      <h3>Documents</h3>
      {caseFile.documents.map((document) => (
        <section key={document.documentId} data-field="document" data-document-id={document.documentId}>
          <h4 data-field="title">{document.title}</h4>
          <p data-field="excerpt">{document.excerpt}</p>
        </section>
      ))}
    </article>
  );
}
