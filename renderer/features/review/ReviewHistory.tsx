import type { PendingSubmission, ReviewVersionSeen } from '../../sync/sync-records';
import { VisibleText } from '../../ui/VisibleText';

function when(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * Every submitted version of the case's review this computer has seen, with
 * who submitted it and when and the team lead's decision and comment on it;
 * an amendment not yet sent comes last. The lead's words are shown as data.
 */
export function ReviewHistory({ versions, pending }: { versions: readonly ReviewVersionSeen[]; pending: PendingSubmission | null }) {
  if (versions.length === 0 && !pending) return null;
  return (
    <section className="review-history" aria-labelledby="review-history-title" data-testid="review-history">
      <h4 id="review-history-title">Version history</h4>
      <ol>
        {versions.map((seen) => (
          <li key={seen.version} data-testid="history-version" data-version={seen.version}>
            <span data-field="submitted">
              Version {seen.version}, submitted by {seen.reviewerId} on {when(seen.submittedAt)}
            </span>
            {seen.qc && (
              <p className="history-qc" data-testid="history-qc" data-decision={seen.qc.decision}>
                {seen.qc.decision === 'approve' ? 'Approved' : 'Returned'} by {seen.qc.leadId} on {when(seen.qc.decidedAt)}
                {seen.qc.comment && (
                  <>
                    : <q data-testid="history-qc-comment"><VisibleText text={seen.qc.comment} /></q>
                  </>
                )}
              </p>
            )}
          </li>
        ))}
        {pending && (
          <li data-testid="history-pending">
            Your {versions.length > 0 ? 'amendment' : 'outcome'} of {when(pending.submittedAt)}, waiting to be sent
          </li>
        )}
      </ol>
    </section>
  );
}
