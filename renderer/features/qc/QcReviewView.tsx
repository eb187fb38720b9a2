import { useEffect, useId, useState } from 'react';
import { answerForReading } from '../../../shared/review-template/answer-words';
import type { ReviewState } from '../../../shared/sync-protocol/pull';
import type { TemplateDefinition } from '../../../shared/review-template/template-definition';
import type { TeamCase } from '../../state/team-store';
import { currentVault } from '../../vault/vault-session';
import { VisibleText } from '../../ui/VisibleText';
import { needsLead, queueStateOf } from './qc-queue';

/** What the view shows of a review: the endpoint's current version, or the one a stale decision came back with. */
export type ShownReview = Pick<ReviewState, 'version' | 'templateId' | 'templateVersion' | 'answers' | 'reviewerId' | 'submittedAt'>;

const REFUSAL_WORDS = 'The endpoint refused your decision on this review. Decide again; if it keeps happening, tell the administrator.';

function ReviewAnswers({ review, template }: { review: ShownReview; template: TemplateDefinition | null }) {
  if (!template) return <p className="muted">The template of this review is not on this computer yet. Sync to receive it.</p>;
  return (
    <dl className="review-answers" data-testid="qc-answers">
      {template.fields.map((field) => {
        const answer = answerForReading(field, review.answers[field.id]);
        return (
          <div key={field.id} data-field-id={field.id}>
            <dt>{field.label}</dt>
            <dd>{answer === '' ? <span className="muted">Not answered</span> : <VisibleText text={String(answer)} />}</dd>
          </div>
        );
      })}
    </dl>
  );
}

/**
 * One sampled review, read-only, with the lead's decision: approve, or return
 * with a comment. A decision the endpoint kept as stale (the reviewer amended
 * in the meantime) is shown with the version now on the endpoint, to decide again.
 */
export function QcReviewView({
  teamCase,
  templateOf,
  onDecide,
  onClose,
}: {
  teamCase: TeamCase;
  templateOf: (review: ShownReview) => TemplateDefinition | null;
  onDecide: (decision: 'approve' | 'return', comment: string) => Promise<string | null>;
  onClose: () => void;
}) {
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const commentId = useId();
  const record = teamCase.review;
  const review = record?.qcConflict?.current ?? record?.server ?? null;
  const state = queueStateOf(teamCase);

  useEffect(() => {
    // Opening a review is a consultation (DPA 2018 s.62).
    void currentVault().recordAudit({ kind: 'consultation', caseId: teamCase.caseId, batchId: teamCase.batchId }).catch(() => undefined);
  }, [teamCase.caseId, teamCase.batchId]);

  const decide = async (decision: 'approve' | 'return') => {
    setBusy(true);
    const refused = await onDecide(decision, comment);
    setBusy(false);
    setProblem(refused);
    if (!refused) setComment('');
  };

  return (
    <section className="qc-review" aria-labelledby="qc-review-title" data-testid="qc-review" data-case-id={teamCase.caseId} data-state={state}>
      <h3 id="qc-review-title">
        Review of <VisibleText text={teamCase.reference} />
      </h3>
      {review ? (
        <p className="muted">
          By {review.reviewerId}, version {review.version}, submitted {new Date(review.submittedAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}.
        </p>
      ) : (
        <p className="muted">No submitted review of this case on this computer.</p>
      )}
      {record?.qcConflict && (
        <p role="alert" className="warning" data-testid="qc-conflict">
          The reviewer changed this review after you decided (you decided on version {record.qcConflict.mine.baseVersion}
          {record.qcConflict.current ? `; it is now version ${record.qcConflict.current.version}` : ''}). Your decision was not applied. Read the version below
          and decide again.
        </p>
      )}
      {record?.qcPending?.rejection && (
        <p role="alert" className="problem">
          {REFUSAL_WORDS}
        </p>
      )}
      {record?.server?.qc?.comment && state === 'returned' && (
        <p data-testid="qc-returned-comment">
          You returned it: <VisibleText text={record.server.qc.comment} />
        </p>
      )}
      {review && <ReviewAnswers review={review} template={templateOf(review)} />}
      {needsLead(state) && review ? (
        <div className="qc-decision">
          <label htmlFor={commentId}>Comment for the reviewer (required to return)</label>
          <textarea id={commentId} value={comment} onChange={(event) => setComment(event.target.value)} rows={3} data-testid="qc-comment" />
          <div className="form-actions">
            <button type="button" disabled={busy} onClick={() => void decide('approve')} data-testid="qc-approve">
              Approve
            </button>
            <button type="button" disabled={busy} onClick={() => void decide('return')} data-testid="qc-return">
              Return with comment
            </button>
            <button type="button" onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      ) : (
        <div className="form-actions">
          <p data-testid="qc-decided">{state === 'sending' ? 'Your decision is waiting to be sent.' : state === 'approved' ? 'Approved.' : 'Returned to the reviewer.'}</p>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      )}
      {problem && (
        <p role="alert" className="problem" data-testid="qc-problem">
          {problem}
        </p>
      )}
    </section>
  );
}
