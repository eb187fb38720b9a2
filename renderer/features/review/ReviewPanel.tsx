import { useCallback, useEffect, useState } from 'react';
import type { OutcomeAnswers } from '../../../shared/review-template/validate-outcome';
import { takeServerVersion } from '../../sync/resolve-conflict';
import { reviewVersionHistory } from '../../sync/review-history';
import { submitOutcome } from '../../sync/submit-outcome';
import { reviewStatusOf } from '../../sync/review-status';
import type { ReviewRecord } from '../../sync/sync-records';
import { currentSyncEngine, useSyncSession } from '../../sync/sync-session';
import { currentVault, useVaultSession } from '../../vault/vault-session';
import { VisibleText } from '../../ui/VisibleText';
import { describeVaultError } from '../../vault/vault-error-words';
import { ConflictView } from './ConflictView';
import { EscalationNote } from './EscalationNote';
import { ReviewForm } from './ReviewForm';
import { ReviewHistory } from './ReviewHistory';
import { loadReviewContext, saveDraft, type ReviewContext } from './review-data';

const REJECTION_WORDS: Record<string, string> = {
  invalid_payload: 'The endpoint found answers that do not fit the template. Correct them and submit again.',
  forbidden: 'This case is no longer assigned to you, so the endpoint did not accept the outcome.',
  not_applicable: 'The endpoint uses another version of the review template for this batch. Sync, then submit again.',
  mutation_id_reused: 'The endpoint refused this outcome as a duplicate of a different one. Submit it again.',
  not_lead: 'Only a team lead can do this.',
  already_acknowledged: 'Another lead acknowledged this already.',
};

function statusWords(review: ReviewRecord | null, hasDraft: boolean): string {
  if (!review) return hasDraft ? 'Draft saved on this computer.' : 'Not reviewed yet.';
  switch (reviewStatusOf(review)) {
    case 'pending':
      return 'Submitted. Waiting to be sent to the endpoint.';
    case 'submitted':
      return `Submitted (version ${review.server?.version ?? '?'}).`;
    case 'approved':
      return 'Approved by your team lead.';
    case 'returned':
      return 'Returned by your team lead: amend and submit again.';
    case 'conflict':
      return 'In conflict with a newer version on the endpoint.';
    case 'rejected':
      return REJECTION_WORDS[review.rejection?.reason ?? ''] ?? 'The endpoint refused this outcome.';
  }
}

/** The review of one case: its status, the template's form (or the conflict), submit and amend. */
export function ReviewPanel({
  caseId,
  batchId,
  onChanged,
  onSubmittedAndNext,
}: {
  caseId: string;
  batchId: string;
  onChanged: () => void;
  /** After "submit and next" queued the outcome: the workspace opens the next case. */
  onSubmittedAndNext: () => void;
}) {
  const dataVersion = useSyncSession((state) => state.dataVersion);
  const [context, setContext] = useState<ReviewContext | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);

  /** `remountForm`: the form starts again from what was just read (in the same render, so never from stale answers). */
  const reload = useCallback(async (remountForm = false) => {
    try {
      const next = await loadReviewContext(currentVault(), caseId, batchId);
      setContext(next);
      if (remountForm) setFormKey((key) => key + 1);
    } catch (error) {
      setProblem(describeVaultError(error));
    }
  }, [caseId, batchId]);

  // A new case starts empty; a sync while the form is open refreshes the status, remounting the form only for a new endpoint version.
  useEffect(() => {
    setContext(null);
    setProblem(null);
  }, [caseId]);
  useEffect(() => {
    void reload();
  }, [reload, dataVersion]);

  const onDraft = useCallback(
    (answers: OutcomeAnswers) =>
      saveDraft(currentVault(), caseId, batchId, answers)
        .then((marksDraft) => {
          // A draft flushed by a lock commits after the lock screen shows: nothing reloads decrypted data then.
          if (marksDraft && useVaultSession.getState().status === 'unlocked') onChanged();
        })
        .catch((error: unknown) => setProblem(describeVaultError(error))),
    [caseId, batchId, onChanged],
  );

  if (problem) return <p role="alert" className="problem">{problem}</p>;
  if (!context) return <p>Loading the review…</p>;
  if (!context.template) {
    return <p className="review-none" data-testid="review-status">This case has no review template on this computer yet. Sync to receive it.</p>;
  }
  const { template, review, draft } = context;

  const submit = async (answers: OutcomeAnswers, andNext = false) => {
    const engine = currentSyncEngine();
    if (!engine) return;
    try {
      await submitOutcome(currentVault(), engine.outboxOrder, {
        caseId,
        templateId: template.definition.templateId,
        templateVersion: template.version,
        answers,
      });
    } catch (error) {
      setProblem(describeVaultError(error));
      return;
    }
    await engine.refreshCounts();
    void engine.requestSync();
    onChanged();
    if (andNext) {
      onSubmittedAndNext();
      return;
    }
    await reload(true);
  };

  const takeTheirs = async () => {
    await takeServerVersion(currentVault(), caseId);
    await reload();
    onChanged();
  };

  const initialAnswers = draft?.answers ?? review?.pending?.answers ?? review?.server?.answers ?? {};
  const submitted = review !== null && (review.pending !== null || review.server !== null);
  return (
    <section className="review-panel" aria-labelledby="review-title" data-testid="review-panel" data-case-id={caseId}>
      <h3 id="review-title">{template.definition.title}</h3>
      <p data-testid="review-status" data-status={review ? reviewStatusOf(review) : draft ? 'draft' : 'unreviewed'}>
        {statusWords(review, draft !== null)}
      </p>
      <EscalationNote review={review} template={template.definition} />
      {review?.server?.qc?.decision === 'return' && review.server.qc.comment && (
        <p className="qc-comment" data-testid="qc-comment">
          Your team lead wrote: <VisibleText text={review.server.qc.comment} />
        </p>
      )}
      {review?.conflict ? (
        <ConflictView
          template={template.definition}
          conflict={review.conflict}
          onKeepMine={() => void submit(review.conflict!.mine.answers)}
          onTakeTheirs={() => void takeTheirs()}
        />
      ) : (
        <ReviewForm
          // A new version from the endpoint (the lead returned it, an amendment was accepted) opens the form on it.
          key={`${caseId}-${formKey}-${review?.server?.version ?? 0}-${review?.server?.status ?? 'none'}`}
          template={template.definition}
          initialAnswers={initialAnswers}
          submitLabel={submitted ? 'Submit amendment' : 'Submit outcome'}
          onDraft={onDraft}
          onSubmit={submit}
        />
      )}
      {review && <ReviewHistory versions={reviewVersionHistory(review)} pending={review.pending} />}
    </section>
  );
}
