import type { Batch } from '../../../shared/sync-protocol/pull';
import type { CaseStatus } from '../../vault/vault-schema';

/**
 * How far each batch has come, counted from the cases on this computer. The
 * five steps the reviewer thinks in; a conflict counts as submitted (it was,
 * and waits on a choice shown in the case).
 */
export const PROGRESS_STEPS = ['unreviewed', 'draft', 'submitted', 'returned', 'approved'] as const;
export type ProgressStep = (typeof PROGRESS_STEPS)[number];

export interface BatchProgress {
  readonly batchId: string;
  /** Null for cases imported from a file (no batch record from the endpoint). */
  readonly batch: Batch | null;
  readonly counts: Readonly<Record<ProgressStep, number>>;
  readonly total: number;
  /** The batch's due date has passed and some case is not yet submitted. */
  readonly overdue: boolean;
}

const STEP_OF: Record<CaseStatus, ProgressStep> = {
  unreviewed: 'unreviewed',
  draft: 'draft',
  submitted: 'submitted',
  conflict: 'submitted',
  returned: 'returned',
  approved: 'approved',
};

const zeroCounts = (): Record<ProgressStep, number> => ({ unreviewed: 0, draft: 0, submitted: 0, returned: 0, approved: 0 });

/** One entry per batch the endpoint sent (even with no case yet) and per imported batch; due first, then by name. */
export function batchProgress(
  batches: readonly Batch[],
  cases: readonly { readonly batchId: string; readonly status: CaseStatus }[],
  today: string,
): BatchProgress[] {
  const counts = new Map<string, Record<ProgressStep, number>>();
  for (const { batchId, status } of cases) {
    const batchCounts = counts.get(batchId) ?? zeroCounts();
    batchCounts[STEP_OF[status]]++;
    counts.set(batchId, batchCounts);
  }
  const known = new Map(batches.map((batch) => [batch.batchId, batch]));
  const batchIds = [...new Set([...known.keys(), ...counts.keys()])];
  const progress = batchIds.map((batchId): BatchProgress => {
    const batchCounts = counts.get(batchId) ?? zeroCounts();
    const total = Object.values(batchCounts).reduce((sum, count) => sum + count, 0);
    const batch = known.get(batchId) ?? null;
    const open = batchCounts.unreviewed + batchCounts.draft + batchCounts.returned;
    return { batchId, batch, counts: batchCounts, total, overdue: batch?.dueDate != null && batch.dueDate < today && open > 0 };
  });
  const due = (entry: BatchProgress) => entry.batch?.dueDate ?? '9999-99-99';
  const name = (entry: BatchProgress) => entry.batch?.name ?? entry.batchId;
  return progress.sort((a, b) => due(a).localeCompare(due(b)) || name(a).localeCompare(name(b), undefined, { numeric: true }));
}
