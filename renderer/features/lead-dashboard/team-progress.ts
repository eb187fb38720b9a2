import type { Batch } from '../../../shared/sync-protocol/pull';
import { leadCaseStatus, type LeadCaseStatus, type TeamCase } from '../../state/team-store';

/**
 * The numbers behind the lead's dashboard, counted from what the lead's
 * device holds. Dates are UTC days (YYYY-MM-DD), as due dates are.
 */
export const LEAD_STATUSES = ['not-started', 'submitted', 'returned', 'approved'] as const satisfies readonly LeadCaseStatus[];

export interface BatchStanding {
  readonly batchId: string;
  readonly name: string;
  readonly assigneeId: string;
  readonly dueDate: string | null;
  readonly counts: Readonly<Record<LeadCaseStatus, number>>;
  readonly total: number;
  /** Submitted or approved (the reviewer's part done), as a whole percentage; 0 for an empty batch. */
  readonly percentComplete: number;
  /** Past its due date with a case not started or returned. */
  readonly overdue: boolean;
}

const zeroCounts = (): Record<LeadCaseStatus, number> => ({ 'not-started': 0, submitted: 0, returned: 0, approved: 0 });

/** Due first (no due date last), then by name. */
export function batchStandings(batches: readonly Batch[], cases: readonly TeamCase[], today: string): BatchStanding[] {
  const counts = new Map<string, Record<LeadCaseStatus, number>>(batches.map((batch) => [batch.batchId, zeroCounts()]));
  for (const teamCase of cases) counts.get(teamCase.batchId)![leadCaseStatus(teamCase)]++;
  return batches
    .map((batch): BatchStanding => {
      const batchCounts = counts.get(batch.batchId)!;
      const total = batch.caseIds.length;
      const done = batchCounts.submitted + batchCounts.approved;
      return {
        batchId: batch.batchId,
        name: batch.name,
        assigneeId: batch.assigneeId,
        dueDate: batch.dueDate,
        counts: batchCounts,
        total,
        percentComplete: total === 0 ? 0 : Math.floor((done / total) * 100),
        overdue: batch.dueDate !== null && batch.dueDate < today && batchCounts['not-started'] + batchCounts.returned > 0,
      };
    })
    .sort((a, b) => (a.dueDate ?? '9999-99-99').localeCompare(b.dueDate ?? '9999-99-99') || a.name.localeCompare(b.name, undefined, { numeric: true }));
}

export interface ReviewerActivity {
  readonly reviewerId: string;
  /** Cases with a submission on the endpoint. */
  readonly submitted: number;
  /** Of those, returned by QC (now, or at the lead's first check before an amendment). */
  readonly returned: number;
  /** returned / submitted as a whole percentage; null before any submission. */
  readonly returnedRate: number | null;
  /** Cases whose latest submission fell on each of `days`, oldest first. */
  readonly perDay: readonly { readonly day: string; readonly count: number }[];
}

/** The `count` UTC days ending with `today`, oldest first. */
export function lastDays(today: string, count: number): string[] {
  const end = Date.parse(`${today}T00:00:00Z`);
  return Array.from({ length: count }, (_, index) => new Date(end - (count - 1 - index) * 86_400_000).toISOString().slice(0, 10));
}

/** One row per reviewer with a batch or a submission, by id. */
export function reviewerActivity(
  batches: readonly Batch[],
  cases: readonly TeamCase[],
  everReturned: ReadonlySet<string>,
  days: readonly string[],
): ReviewerActivity[] {
  const reviewerIds = new Set(batches.map((batch) => batch.assigneeId));
  for (const teamCase of cases) if (teamCase.review?.server) reviewerIds.add(teamCase.review.server.reviewerId);
  return [...reviewerIds].sort().map((reviewerId) => {
    const theirs = cases.filter((teamCase) => teamCase.review?.server?.reviewerId === reviewerId);
    const returned = theirs.filter((teamCase) => leadCaseStatus(teamCase) === 'returned' || everReturned.has(teamCase.caseId)).length;
    const perDay = days.map((day) => ({ day, count: theirs.filter((teamCase) => teamCase.review!.server!.submittedAt.slice(0, 10) === day).length }));
    return { reviewerId, submitted: theirs.length, returned, returnedRate: theirs.length === 0 ? null : Math.round((returned / theirs.length) * 100), perDay };
  });
}
