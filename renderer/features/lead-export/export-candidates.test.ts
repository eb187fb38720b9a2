import { describe, expect, it } from 'vitest';
import type { Batch, ReviewState } from '../../../shared/sync-protocol/pull';
import { DEFAULT_CSE_REVIEW_TEMPLATE } from '../../../shared/review-template/default-cse-review-template';
import type { StoredQcSample } from '../../state/qc-samples';
import type { TeamCase } from '../../state/team-store';
import type { ReviewRecord } from '../../sync/sync-records';
import { exportCandidates, exportInputFor, type ExportChoice } from './export-candidates';

const batch = (batchId: string, caseIds: string[], templateVersion = 1): Batch => ({
  batchId,
  name: `Batch ${batchId}`,
  assigneeId: 'alice',
  leadId: 'lead',
  templateId: 'cse-review',
  templateVersion,
  dueDate: null,
  caseIds,
});

function teamCase(caseId: string, batchId: string, status: ReviewState['status'] | null, extra: Partial<ReviewRecord> = {}): TeamCase {
  const server: ReviewState | null = status
    ? { caseId, version: 1, status, templateId: 'cse-review', templateVersion: 1, answers: {}, reviewerId: 'alice', submittedAt: '2026-03-02T10:00:00.000Z', qc: null }
    : null;
  return { caseId, batchId, reference: `REF-${caseId}`, review: server ? { caseId, server, pending: null, conflict: null, rejection: null, ...extra } : null };
}

const pending = { mutationId: 'm', decision: 'approve' as const, comment: null, baseVersion: 1, decidedAt: '', rejection: null };
const batches = [batch('done', ['a1', 'a2']), batch('submitted', ['s1', 's2']), batch('open', ['o1', 'o2', 'o3']), batch('other-template', ['t1'], 2)];
const cases = [
  teamCase('a1', 'done', 'approved'),
  teamCase('a2', 'done', 'approved'),
  teamCase('s1', 'submitted', 'approved'),
  teamCase('s2', 'submitted', 'submitted'),
  teamCase('o1', 'open', 'approved'),
  teamCase('o2', 'open', 'returned'),
  teamCase('o3', 'open', 'submitted', { qcPending: pending }),
  teamCase('t1', 'other-template', 'approved'),
];
const sample = (batchId: string): StoredQcSample => ({ batchId, caseIds: ['a1'], firstDecisions: {}, rule: { method: 'percentage', value: 10 }, seed: 42, populationSize: 2, drawnAt: '' });
const team = { batches, cases, templates: { 'cse-review': { '1': DEFAULT_CSE_REVIEW_TEMPLATE } }, qcSamples: { done: sample('done') } };
const identity = { exportId: 'e1', createdAt: '2026-03-03T00:00:00.000Z', lead: { userId: 'lead' }, device: { deviceId: 'd1', deviceName: 'Lead laptop' } };
const choice = (overrides: Partial<ExportChoice>): ExportChoice => ({ batchIds: [], withoutQc: false, recipient: ' DI Example ', justification: ' Investigation ', ...overrides });

describe('export candidates', () => {
  it('are exportable when every case is approved on the endpoint, or all submitted (without QC); a decision on its way keeps a batch open', () => {
    expect(exportCandidates(batches, cases).map(({ batch: { batchId }, exportability, open }) => [batchId, exportability, open])).toEqual([
      ['done', 'approved', 0],
      ['submitted', 'submitted', 0],
      ['open', 'incomplete', 2],
      ['other-template', 'approved', 0],
    ]);
  });

  it('builds the input with the sample and the QC policy, trimmed disclosure details, every case of the batch', () => {
    const result = exportInputFor(choice({ batchIds: ['done'] }), team, identity);
    if (!('input' in result)) throw new Error(result.problem);
    expect(result.input).toMatchObject({
      exportId: 'e1',
      recipient: 'DI Example',
      justification: 'Investigation',
      batches: [{ batchId: 'done', name: 'Batch done' }],
      templateVersion: 1,
      qcPolicy: { requireApproval: true, sample: { method: 'percentage', value: 10, seed: 42, drawnCount: 1 } },
    });
    expect(result.input.outcomes.map((outcome) => [outcome.caseId, outcome.caseReference])).toEqual([
      ['a1', 'REF-a1'],
      ['a2', 'REF-a2'],
    ]);
  });

  it('refuses what cannot go out as one export', () => {
    const problem = (overrides: Partial<ExportChoice>) => {
      const result = exportInputFor(choice(overrides), team, identity);
      return 'problem' in result ? result.problem : 'ok';
    };
    expect(problem({})).toBe('NoBatchChosen');
    expect(problem({ batchIds: ['submitted'] })).toBe('BatchNotExportable');
    expect(problem({ batchIds: ['submitted'], withoutQc: true })).toBe('ok');
    expect(problem({ batchIds: ['open'], withoutQc: true })).toBe('BatchNotExportable');
    expect(problem({ batchIds: ['done', 'other-template'] })).toBe('TemplatesDiffer');
    expect(problem({ batchIds: ['other-template'] })).toBe('TemplateMissing');
    expect(exportInputFor(choice({ batchIds: ['done', 'submitted'], withoutQc: true }), { ...team, qcSamples: { done: sample('done'), submitted: sample('submitted') } }, identity)).toEqual({ problem: 'SeveralSamples' });
  });
});
