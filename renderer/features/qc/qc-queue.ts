import type { QcSamplesByBatch } from '../../state/qc-samples';
import { leadCaseStatus, type TeamCase } from '../../state/team-store';

/**
 * The QC queue and the overturn rates, from the drawn samples and what the
 * lead's device holds of each sampled case.
 */
export type QcQueueState =
  /** Submitted, waiting for the lead's decision (again, after an amendment). */
  | 'awaiting'
  /** Decided here, on its way to the endpoint. */
  | 'sending'
  | 'approved'
  /** Returned; waiting for the reviewer's amendment. */
  | 'returned'
  /** The reviewer amended the review after the version the lead decided on: decide again. */
  | 'conflict'
  /** The endpoint refused the decision: decide again. */
  | 'refused';

export interface QcQueueEntry {
  readonly caseId: string;
  readonly batchId: string;
  readonly reference: string;
  readonly reviewerId: string;
  readonly state: QcQueueState;
}

const NEEDS_LEAD: ReadonlySet<QcQueueState> = new Set(['awaiting', 'conflict', 'refused']);

export function needsLead(state: QcQueueState): boolean {
  return NEEDS_LEAD.has(state);
}

export function queueStateOf(teamCase: TeamCase): QcQueueState {
  const record = teamCase.review;
  if (record?.qcConflict) return 'conflict';
  if (record?.qcPending?.rejection) return 'refused';
  if (record?.qcPending) return 'sending';
  const status = leadCaseStatus(teamCase);
  return status === 'not-started' || status === 'submitted' ? 'awaiting' : status;
}

/** Every sampled case; those waiting for the lead first, then by reference. */
export function qcQueue(samples: QcSamplesByBatch, cases: readonly TeamCase[]): QcQueueEntry[] {
  const byId = new Map(cases.map((teamCase) => [teamCase.caseId, teamCase]));
  const entries = Object.values(samples).flatMap((sample) =>
    sample.caseIds.flatMap((caseId) => {
      const teamCase = byId.get(caseId);
      if (!teamCase) return []; // the batch left this device (reassigned away from the team)
      return [{ caseId, batchId: sample.batchId, reference: teamCase.reference, reviewerId: teamCase.review?.server?.reviewerId ?? '', state: queueStateOf(teamCase) }];
    }),
  );
  const rank = (entry: QcQueueEntry) => (needsLead(entry.state) ? 0 : 1);
  return entries.sort((a, b) => rank(a) - rank(b) || a.reference.localeCompare(b.reference, undefined, { numeric: true }));
}

/** The submitted reviews of a batch a sample is drawn from. */
export function samplePopulation(batchId: string, cases: readonly TeamCase[]): string[] {
  return cases.filter((teamCase) => teamCase.batchId === batchId && leadCaseStatus(teamCase) === 'submitted').map((teamCase) => teamCase.caseId);
}

/** Submitted reviews of the batch outside its sample: what "approve the rest of the batch" approves. */
export function unsampledSubmitted(batchId: string, samples: QcSamplesByBatch, cases: readonly TeamCase[]): string[] {
  const sampled = new Set(samples[batchId]?.caseIds ?? []);
  return cases
    .filter((teamCase) => teamCase.batchId === batchId && leadCaseStatus(teamCase) === 'submitted' && !sampled.has(teamCase.caseId) && !teamCase.review?.qcPending)
    .map((teamCase) => teamCase.caseId);
}

export interface OverturnRate {
  /** A reviewer id or a batch id. */
  readonly key: string;
  /** Sampled reviews the lead has decided on. */
  readonly checked: number;
  /** Of those, returned at the first check. */
  readonly overturned: number;
  /** overturned / checked as a whole percentage; null before any check. */
  readonly rate: number | null;
}

export function overturnRates(samples: QcSamplesByBatch, cases: readonly TeamCase[]): { byReviewer: OverturnRate[]; byBatch: OverturnRate[] } {
  const byId = new Map(cases.map((teamCase) => [teamCase.caseId, teamCase]));
  const tally = (map: Map<string, { checked: number; overturned: number }>, key: string, overturned: boolean) => {
    const counts = map.get(key) ?? { checked: 0, overturned: 0 };
    counts.checked++;
    if (overturned) counts.overturned++;
    map.set(key, counts);
  };
  const reviewers = new Map<string, { checked: number; overturned: number }>();
  const batches = new Map<string, { checked: number; overturned: number }>();
  for (const sample of Object.values(samples)) {
    batches.set(sample.batchId, batches.get(sample.batchId) ?? { checked: 0, overturned: 0 });
    for (const [caseId, decision] of Object.entries(sample.firstDecisions)) {
      tally(batches, sample.batchId, decision === 'return');
      tally(reviewers, byId.get(caseId)?.review?.server?.reviewerId ?? 'unknown', decision === 'return');
    }
  }
  const rows = (map: Map<string, { checked: number; overturned: number }>) =>
    [...map.entries()]
      .map(([key, { checked, overturned }]) => ({ key, checked, overturned, rate: checked === 0 ? null : Math.round((overturned / checked) * 100) }))
      .sort((a, b) => a.key.localeCompare(b.key));
  return { byReviewer: rows(reviewers), byBatch: rows(batches) };
}
