import { useState } from 'react';
import type { CaseDocument } from '../../../shared/domain/case-file';
import { useReviewerPreferences } from '../../state/reviewer-preferences';
import { VisibleText } from '../../ui/VisibleText';
import { useCases } from './case-store';
import { ConnectionsPanel } from './ConnectionsPanel';

/**
 * One case file in full. Every value is text shown as data: React escapes
 * it, and VisibleText isolates it and makes bidi controls and invisible
 * characters visible, so nothing in a case file can reorder or hide what the
 * reviewer reads.
 */
export function CaseDetail({ canOpen }: { canOpen: (batchId: string) => boolean }) {
  const selected = useCases((state) => (state.selectedCaseId === null ? undefined : state.people.byCaseId.get(state.selectedCaseId)));
  if (!selected) return <p className="case-detail-empty">Choose a case to read it.</p>;
  const { caseFile } = selected;
  return (
    <article className="case-detail" data-testid="case-detail" data-case-id={caseFile.caseId} aria-labelledby="case-detail-title">
      <h2 id="case-detail-title" data-field="reference">
        <VisibleText text={caseFile.reference} />
      </h2>
      <dl>
        <dt>Period</dt>
        <dd>
          <span data-field="periodStart">{caseFile.periodStart}</span> to <span data-field="periodEnd">{caseFile.periodEnd}</span>
        </dd>
        <dt>Borough</dt>
        <dd data-field="borough">
          <VisibleText text={caseFile.borough} />
        </dd>
        <dt>Original outcome</dt>
        <dd data-field="originalOutcome">
          <VisibleText text={caseFile.originalOutcome} />
        </dd>
        <dt>Offences</dt>
        <dd>
          <ul data-field="offences">
            {caseFile.offences.map((offence, index) => (
              <li key={index}>
                <VisibleText text={offence} />
              </li>
            ))}
          </ul>
        </dd>
        <dt>Victims</dt>
        <dd>
          <ul data-field="victimIds">
            {caseFile.victimIds.map((id) => (
              <li key={id}>
                <VisibleText text={id} />
              </li>
            ))}
          </ul>
        </dd>
        <dt>Suspects</dt>
        <dd>
          <ul data-field="suspectIds">
            {caseFile.suspectIds.map((id) => (
              <li key={id}>
                <VisibleText text={id} />
              </li>
            ))}
          </ul>
        </dd>
      </dl>
      <ConnectionsPanel key={caseFile.caseId} caseFile={caseFile} canOpen={canOpen} />
      <h3>Summary</h3>
      <p data-field="summary" className="case-prose">
        <VisibleText text={caseFile.summary} />
      </p>
      <h3>Documents</h3>
      {caseFile.documents.map((document) => (
        <DocumentExcerpt key={`${caseFile.caseId}/${document.documentId}`} document={document} />
      ))}
    </article>
  );
}

/**
 * One document. With masking on (the default), the excerpt is not drawn at
 * all until the reviewer asks for it, one document at a time; each case
 * opens masked again.
 */
function DocumentExcerpt({ document }: { document: CaseDocument }) {
  const masked = useReviewerPreferences((state) => state.maskExcerpts);
  const [revealed, setRevealed] = useState(false);
  return (
    <section data-field="document" data-document-id={document.documentId}>
      <h4 data-field="title">
        <VisibleText text={document.title} />
      </h4>
      {masked && !revealed ? (
        <p className="excerpt-masked">
          Excerpt hidden.{' '}
          <button type="button" onClick={() => setRevealed(true)} data-testid="reveal-excerpt">
            Reveal excerpt
          </button>
        </p>
      ) : (
        <p data-field="excerpt" className="case-prose">
          <VisibleText text={document.excerpt} />
        </p>
      )}
    </section>
  );
}
