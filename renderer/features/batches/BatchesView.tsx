import { useMemo } from 'react';
import { CASE_STATUS_WORDS } from '../../ui/case-status-words';
import { useSyncSession } from '../../sync/sync-session';
import { VisibleText } from '../../ui/VisibleText';
import type { CaseStatus } from '../../vault/vault-schema';
import { batchProgress, PROGRESS_STEPS, type BatchProgress } from './batch-progress';
import { useBatches } from './batch-store';

function ProgressBar({ progress }: { progress: BatchProgress }) {
  if (progress.total === 0) return <span className="muted">No cases yet</span>;
  const done = progress.counts.submitted + progress.counts.approved;
  return (
    <span className="progress">
      <meter min={0} max={progress.total} value={done} aria-label={`${done} of ${progress.total} submitted or approved`} />
      <span className="progress-counts">
        {PROGRESS_STEPS.map((step) => (
          <span key={step} data-testid="batch-count" data-step={step}>
            {CASE_STATUS_WORDS[step]}: <strong>{progress.counts[step]}</strong>
          </span>
        ))}
      </span>
    </span>
  );
}

function lastSyncWords(lastSuccessAt: string | null): string {
  if (!lastSuccessAt) return 'Not synced yet';
  return `Last synced ${new Date(lastSuccessAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`;
}

/**
 * "My batches": each with its due date and how far it has come, and when the
 * device last synced. Opening a batch narrows the case list to it.
 */
export function BatchesView({
  cases,
  openBatchId,
  onOpenBatch,
}: {
  cases: readonly { readonly batchId: string; readonly status: CaseStatus }[];
  openBatchId: string | null;
  onOpenBatch: (batchId: string) => void;
}) {
  const batches = useBatches((state) => state.batches);
  const problem = useBatches((state) => state.problem);
  const userId = useSyncSession((state) => state.status?.userId ?? null);
  const lastSuccessAt = useSyncSession((state) => state.status?.lastSuccessAt ?? null);
  const mine = useMemo(() => (userId ? batches.filter((batch) => batch.assigneeId === userId) : batches), [batches, userId]);
  const today = new Date().toISOString().slice(0, 10);
  const progress = useMemo(() => batchProgress(mine, cases, today), [mine, cases, today]);

  return (
    <section className="batches" aria-labelledby="batches-title" data-testid="batches">
      <h2 id="batches-title">My batches</h2>
      <p className="muted" data-testid="last-sync">
        {lastSyncWords(lastSuccessAt)}
      </p>
      {problem && <p role="alert" className="problem">{problem}</p>}
      {progress.length === 0 ? (
        <p className="muted">No batch on this computer yet. Connect to the endpoint, or import a case batch file.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Batch</th>
              <th scope="col">Due</th>
              <th scope="col">Progress</th>
            </tr>
          </thead>
          <tbody>
            {progress.map((entry) => (
              <tr key={entry.batchId} data-testid="batch-row" data-batch-id={entry.batchId} aria-current={entry.batchId === openBatchId ? 'true' : undefined}>
                <td>
                  <button type="button" className="link-button" onClick={() => onOpenBatch(entry.batchId)} data-testid="open-batch">
                    {entry.batch ? <VisibleText text={entry.batch.name} /> : 'Imported case file'}
                  </button>
                </td>
                <td data-testid="batch-due" className={entry.overdue ? 'overdue' : undefined}>
                  {entry.batch?.dueDate ?? '—'}
                  {entry.overdue && ' (overdue)'}
                </td>
                <td>
                  <ProgressBar progress={entry} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
