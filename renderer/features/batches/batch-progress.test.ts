import { describe, expect, it } from 'vitest';
import type { Batch } from '../../../shared/sync-protocol/pull';
import { batchProgress } from './batch-progress';

const batch = (batchId: string, name: string, dueDate: string | null): Batch => ({
  batchId,
  name,
  assigneeId: 'alice',
  leadId: 'lead',
  templateId: 'cse-review',
  templateVersion: 1,
  dueDate,
  caseIds: [],
});

describe('batchProgress', () => {
  it('counts cases by step, a conflict as submitted', () => {
    const [progress] = batchProgress(
      [batch('b1', 'North', '2026-12-01')],
      [
        { batchId: 'b1', status: 'unreviewed' },
        { batchId: 'b1', status: 'unreviewed' },
        { batchId: 'b1', status: 'draft' },
        { batchId: 'b1', status: 'submitted' },
        { batchId: 'b1', status: 'conflict' },
        { batchId: 'b1', status: 'returned' },
        { batchId: 'b1', status: 'approved' },
      ],
      '2026-11-25',
    );
    expect(progress).toEqual({
      batchId: 'b1',
      batch: batch('b1', 'North', '2026-12-01'),
      counts: { unreviewed: 2, draft: 1, submitted: 2, returned: 1, approved: 1 },
      total: 7,
      overdue: false,
    });
  });

  it('lists a batch with no case yet and an imported batch with no record, soonest due first', () => {
    const progress = batchProgress(
      [batch('late', 'Zeta', '2027-01-10'), batch('soon', 'Alpha', '2026-12-01'), batch('empty', 'Empty', null)],
      [
        { batchId: 'imported', status: 'draft' },
        { batchId: 'soon', status: 'approved' },
      ],
      '2026-11-25',
    );
    expect(progress.map((entry) => entry.batchId)).toEqual(['soon', 'late', 'empty', 'imported']);
    expect(progress.find((entry) => entry.batchId === 'empty')).toMatchObject({ total: 0, batch: expect.anything() });
    expect(progress.find((entry) => entry.batchId === 'imported')).toMatchObject({ total: 1, batch: null, counts: { draft: 1 } });
  });

  it('is overdue only past the due date with open work left', () => {
    const overdue = (statuses: ('unreviewed' | 'returned' | 'submitted' | 'approved')[], today: string) =>
      batchProgress([batch('b', 'B', '2026-11-20')], statuses.map((status) => ({ batchId: 'b', status })), today)[0]!.overdue;
    expect(overdue(['unreviewed', 'approved'], '2026-11-25')).toBe(true);
    expect(overdue(['returned'], '2026-11-25')).toBe(true);
    expect(overdue(['submitted', 'approved'], '2026-11-25')).toBe(false);
    expect(overdue(['unreviewed'], '2026-11-20')).toBe(false);
  });
});
