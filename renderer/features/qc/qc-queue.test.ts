import { describe, expect, it } from 'vitest';
import type { ReviewState } from '../../../shared/sync-protocol/pull';
import type { StoredQcSample } from '../../state/qc-samples';
import type { TeamCase } from '../../state/team-store';
import type { ReviewRecord } from '../../sync/sync-records';
import { overturnRates, qcQueue, samplePopulation, unsampledSubmitted } from './qc-queue';

function teamCase(caseId: string, batchId: string, reviewerId: string, status: ReviewState['status'] | null, extra: Partial<ReviewRecord> = {}): TeamCase {
  const server: ReviewState | null = status
    ? { caseId, version: 1, status, templateId: 't', templateVersion: 1, answers: {}, reviewerId, submittedAt: '2026-03-02T10:00:00.000Z', qc: null }
    : null;
  return { caseId, batchId, reference: `REF-${caseId}`, review: server ? { caseId, server, pending: null, conflict: null, rejection: null, ...extra } : null };
}

const sample = (batchId: string, caseIds: string[], firstDecisions: StoredQcSample['firstDecisions'] = {}): StoredQcSample => ({
  batchId,
  caseIds,
  firstDecisions,
  rule: { method: 'count', value: caseIds.length },
  seed: 7,
  populationSize: 3,
  drawnAt: '2026-03-02T11:00:00.000Z',
});

describe('QC queue', () => {
  const pending = { mutationId: 'm', decision: 'approve' as const, comment: null, baseVersion: 1, decidedAt: '', rejection: null };
  const cases = [
    teamCase('c1', 'b1', 'alice', 'approved'),
    teamCase('c2', 'b1', 'alice', 'submitted'),
    teamCase('c3', 'b1', 'alice', 'submitted', { qcConflict: { mine: { decision: 'approve', comment: null, baseVersion: 1, decidedAt: '' }, current: null, detectedAt: '' } }),
    teamCase('c4', 'b1', 'alice', 'submitted', { qcPending: pending }),
    teamCase('c5', 'b1', 'alice', 'submitted'),
    teamCase('c6', 'b1', 'alice', null),
  ];

  it('puts what waits for the lead first, then the rest, each by reference', () => {
    const queue = qcQueue({ b1: sample('b1', ['c1', 'c2', 'c3', 'c4']) }, cases);
    expect(queue.map((entry) => [entry.caseId, entry.state])).toEqual([
      ['c2', 'awaiting'],
      ['c3', 'conflict'],
      ['c1', 'approved'],
      ['c4', 'sending'],
    ]);
  });

  it('draws from submitted reviews only, and approves the rest outside the sample and not already decided', () => {
    expect(samplePopulation('b1', cases)).toEqual(['c2', 'c3', 'c5']);
    expect(unsampledSubmitted('b1', { b1: sample('b1', ['c2']) }, cases)).toEqual(['c3', 'c5']);
  });
});

describe('overturn rates', () => {
  it('counts first decisions per reviewer and per batch', () => {
    const cases = [teamCase('a1', 'b1', 'alice', 'submitted'), teamCase('a2', 'b1', 'alice', 'approved'), teamCase('b1x', 'b2', 'bob', 'approved')];
    const rates = overturnRates({ b1: sample('b1', ['a1', 'a2'], { a1: 'return', a2: 'approve' }), b2: sample('b2', ['b1x'], { b1x: 'approve' }), b3: sample('b3', []) }, cases);
    expect(rates.byReviewer).toEqual([
      { key: 'alice', checked: 2, overturned: 1, rate: 50 },
      { key: 'bob', checked: 1, overturned: 0, rate: 0 },
    ]);
    expect(rates.byBatch).toEqual([
      { key: 'b1', checked: 2, overturned: 1, rate: 50 },
      { key: 'b2', checked: 1, overturned: 0, rate: 0 },
      { key: 'b3', checked: 0, overturned: 0, rate: null },
    ]);
  });
});
