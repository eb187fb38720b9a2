import type { ReviewRecord } from '../../sync/sync-records';

/** Where an escalation stands, as the lead's list shows it. */
export type EscalationStanding =
  /** No lead has acknowledged it (as far as this device knows). */
  | 'open'
  /** This device's acknowledgement is waiting to reach the endpoint. */
  | 'sending'
  /** The endpoint refused this device's acknowledgement (e.g. the case left the team). */
  | 'refused'
  | 'acknowledged';

export interface EscalationRow {
  readonly caseId: string;
  readonly reference: string | null;
  readonly batchName: string | null;
  readonly reviewerId: string;
  readonly escalatedAt: string;
  readonly acknowledgedBy: string | null;
  readonly acknowledgedAt: string | null;
  readonly standing: EscalationStanding;
}

const UNACKNOWLEDGED: readonly EscalationStanding[] = ['open', 'refused', 'sending'];

/**
 * The escalations among a lead's review records: every one not yet
 * acknowledged first, the longest waiting at the top; then the acknowledged
 * ones, the most recently acknowledged first.
 */
export function escalationRows(
  records: readonly ReviewRecord[],
  describe: (caseId: string) => { reference: string | null; batchName: string | null },
): EscalationRow[] {
  const rows = records.flatMap((record): EscalationRow[] => {
    const escalation = record.server?.escalation;
    if (!record.server || !escalation) return [];
    const pending = record.acknowledgementPending ?? null;
    const standing: EscalationStanding =
      escalation.acknowledgedAt !== null ? 'acknowledged' : pending === null ? 'open' : pending.rejection ? 'refused' : 'sending';
    return [
      {
        caseId: record.caseId,
        ...describe(record.caseId),
        reviewerId: record.server.reviewerId,
        escalatedAt: escalation.escalatedAt,
        acknowledgedBy: escalation.acknowledgedBy,
        acknowledgedAt: escalation.acknowledgedAt,
        standing,
      },
    ];
  });
  const waiting = rows.filter((row) => UNACKNOWLEDGED.includes(row.standing)).sort((a, b) => a.escalatedAt.localeCompare(b.escalatedAt) || a.caseId.localeCompare(b.caseId));
  const done = rows.filter((row) => row.standing === 'acknowledged').sort((a, b) => (b.acknowledgedAt ?? '').localeCompare(a.acknowledgedAt ?? '') || a.caseId.localeCompare(b.caseId));
  return [...waiting, ...done];
}
