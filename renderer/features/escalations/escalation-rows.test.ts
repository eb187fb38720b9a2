import { describe, expect, it } from 'vitest';
import type { EscalationState } from '../../../shared/sync-protocol/pull';
import type { PendingAcknowledgement, ReviewRecord } from '../../sync/sync-records';
import { escalationRows } from './escalation-rows';

function record(caseId: string, escalation: EscalationState | null, acknowledgementPending: PendingAcknowledgement | null = null): ReviewRecord {
  return {
    caseId,
    server: { caseId, version: 1, status: 'submitted', templateId: 'cse-review', templateVersion: 1, answers: {}, reviewerId: 'alice', submittedAt: '2026-01-15T09:00:00.000Z', qc: null, escalation },
    pending: null,
    conflict: null,
    rejection: null,
    acknowledgementPending,
  };
}

const open = (escalatedAt: string): EscalationState => ({ escalatedAt, reviewVersion: 1, acknowledgedBy: null, acknowledgedAt: null });
const acknowledged = (escalatedAt: string, acknowledgedAt: string): EscalationState => ({ escalatedAt, reviewVersion: 1, acknowledgedBy: 'lead', acknowledgedAt });

describe('escalation rows', () => {
  it('lists unacknowledged escalations first, longest waiting on top, then the most recently acknowledged', () => {
    const rows = escalationRows(
      [
        record('done-early', acknowledged('2026-01-15T06:00:00.000Z', '2026-01-15T07:00:00.000Z')),
        record('newer', open('2026-01-15T09:00:00.000Z')),
        record('routine', null),
        record('done-late', acknowledged('2026-01-15T05:00:00.000Z', '2026-01-15T08:00:00.000Z')),
        record('sending', open('2026-01-15T08:30:00.000Z'), { mutationId: 'm', acknowledgedAt: '2026-01-15T09:10:00.000Z', rejection: null }),
        record('older', open('2026-01-15T08:00:00.000Z')),
      ],
      (caseId) => ({ reference: `REF-${caseId}`, batchName: 'North 1' }),
    );
    expect(rows.map((row) => [row.caseId, row.standing])).toEqual([
      ['older', 'open'],
      ['sending', 'sending'],
      ['newer', 'open'],
      ['done-late', 'acknowledged'],
      ['done-early', 'acknowledged'],
    ]);
    expect(rows[0]).toMatchObject({ reference: 'REF-older', batchName: 'North 1', reviewerId: 'alice', escalatedAt: '2026-01-15T08:00:00.000Z' });
  });

  it('marks an acknowledgement the endpoint refused, so the lead can send another', () => {
    const refused = record('case', open('2026-01-15T08:00:00.000Z'), { mutationId: 'm', acknowledgedAt: 'x', rejection: { mutationId: 'm', reason: 'forbidden', fieldErrors: [] } });
    expect(escalationRows([refused], () => ({ reference: null, batchName: null }))[0]?.standing).toBe('refused');
  });
});
