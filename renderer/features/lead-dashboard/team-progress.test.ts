import { describe, expect, it } from 'vitest';
import type { Batch, ReviewState } from '../../../shared/sync-protocol/pull';
import type { ReviewRecord } from '../../sync/sync-records';
import type { TeamCase } from '../../state/team-store';
import { batchStandings, lastDays, reviewerActivity } from './team-progress';

const batch = (batchId: string, assigneeId: string, caseIds: string[], dueDate: string | null): Batch => ({
  batchId,
  name: `Batch ${batchId}`,
  assigneeId,
  leadId: 'lead',
  templateId: 'cse-review',
  templateVersion: 1,
  dueDate,
  caseIds,
});

function teamCase(caseId: string, batchId: string, server: Partial<ReviewState> | null, extra: Partial<ReviewRecord> = {}): TeamCase {
  const review: ReviewRecord | null = server
    ? {
        caseId,
        server: { caseId, version: 1, status: 'submitted', templateId: 'cse-review', templateVersion: 1, answers: {}, reviewerId: 'alice', submittedAt: '2026-03-02T10:00:00.000Z', qc: null, ...server },
        pending: null,
        conflict: null,
        rejection: null,
        ...extra,
      }
    : null;
  return { caseId, batchId, reference: `REF-${caseId}`, review };
}

describe('batch standings', () => {
  const batches = [batch('b1', 'alice', ['c1', 'c2', 'c3', 'c4'], '2026-03-01'), batch('b2', 'bob', ['c5', 'c6'], '2026-04-01')];
  const cases = [
    teamCase('c1', 'b1', { status: 'approved' }),
    teamCase('c2', 'b1', { status: 'submitted' }),
    teamCase('c3', 'b1', { status: 'submitted' }, { qcPending: { mutationId: 'm', decision: 'return', comment: 'why', baseVersion: 1, decidedAt: '', rejection: null } }),
    teamCase('c4', 'b1', null),
    teamCase('c5', 'b2', { status: 'approved', reviewerId: 'bob' }),
    teamCase('c6', 'b2', { status: 'approved', reviewerId: 'bob' }),
  ];

  it('counts by status (a decision on its way counts as made), percentage complete and overdue', () => {
    const [first, second] = batchStandings(batches, cases, '2026-03-05');
    expect(first).toMatchObject({ batchId: 'b1', counts: { 'not-started': 1, submitted: 1, returned: 1, approved: 1 }, total: 4, percentComplete: 50, overdue: true });
    expect(second).toMatchObject({ batchId: 'b2', counts: { 'not-started': 0, submitted: 0, returned: 0, approved: 2 }, percentComplete: 100, overdue: false });
  });

  it('is not overdue on its due date, nor after it once nothing is left to review', () => {
    expect(batchStandings(batches, cases, '2026-03-01')[0]!.overdue).toBe(false);
    const done = cases.map((entry) => (entry.batchId === 'b1' ? teamCase(entry.caseId, 'b1', { status: 'approved' }) : entry));
    expect(batchStandings(batches, done, '2026-05-01').every((standing) => !standing.overdue)).toBe(true);
  });
});

describe('reviewer activity', () => {
  it('counts submissions per UTC day and the returned rate, including an overturn later amended', () => {
    const batches = [batch('b1', 'alice', ['c1', 'c2', 'c3', 'c4'], null), batch('b2', 'bob', ['c5'], null)];
    const cases = [
      teamCase('c1', 'b1', { submittedAt: '2026-03-01T23:59:00.000Z' }),
      teamCase('c2', 'b1', { submittedAt: '2026-03-02T00:01:00.000Z', status: 'returned' }),
      teamCase('c3', 'b1', { submittedAt: '2026-03-02T09:00:00.000Z' }),
      teamCase('c4', 'b1', { submittedAt: '2026-03-02T09:00:00.000Z', version: 2 }),
      teamCase('c5', 'b2', null),
    ];
    const days = lastDays('2026-03-02', 3);
    expect(days).toEqual(['2026-02-28', '2026-03-01', '2026-03-02']);
    const [alice, bob] = reviewerActivity(batches, cases, new Set(['c4']), days);
    expect(alice).toEqual({
      reviewerId: 'alice',
      submitted: 4,
      returned: 2,
      returnedRate: 50,
      perDay: [
        { day: '2026-02-28', count: 0 },
        { day: '2026-03-01', count: 1 },
        { day: '2026-03-02', count: 3 },
      ],
    });
    expect(bob).toMatchObject({ reviewerId: 'bob', submitted: 0, returned: 0, returnedRate: null });
  });
});
