import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CSE_REVIEW_TEMPLATE } from '../../shared/review-template/default-cse-review-template';
import type { ReviewState } from '../../shared/sync-protocol/pull';
import { generateSyntheticCases } from '../../shared/synthetic-cases/generate-synthetic-cases';
import { makeTestVault } from '../vault/vault-test-support';
import { applyPullPage } from './apply-pull-page';
import { reviewVersionHistory } from './review-history';
import { syncTables, type ReviewRecord } from './sync-records';

const ANSWERS = { classification: 'group_based', suspect_count: 2, recommendation: 'no_further_action', urgency: 'routine', reviewer_confidence: 'low' };

function state(version: number, overrides: Partial<ReviewState> = {}): ReviewState {
  return {
    caseId: 'case-1',
    version,
    status: 'submitted',
    templateId: 'cse-review',
    templateVersion: 1,
    answers: ANSWERS,
    reviewerId: 'alice',
    submittedAt: `2026-03-0${version}T10:00:00.000Z`,
    qc: null,
    ...overrides,
  };
}
const returnedBy = (version: number, comment: string) =>
  ({ decision: 'return', comment, leadId: 'lead', reviewVersion: version, decidedAt: `2026-03-0${version}T12:00:00.000Z` }) as const;
const record = (server: ReviewState, history?: ReviewRecord['history']): ReviewRecord => ({
  caseId: 'case-1',
  server,
  pending: null,
  conflict: null,
  rejection: null,
  ...(history ? { history } : {}),
});

describe('review version history', () => {
  it('keeps each version with who submitted it and when, and files a lead decision under the version decided on', () => {
    const first = reviewVersionHistory(record(state(1, { status: 'returned', qc: returnedBy(1, 'Say why no action.') })));
    // The amendment arrives; the endpoint's current state no longer carries the earlier decision.
    const second = reviewVersionHistory(record(state(2), first));
    expect(second).toEqual([
      { version: 1, reviewerId: 'alice', submittedAt: '2026-03-01T10:00:00.000Z', templateVersion: 1, qc: returnedBy(1, 'Say why no action.') },
      { version: 2, reviewerId: 'alice', submittedAt: '2026-03-02T10:00:00.000Z', templateVersion: 1, qc: null },
    ]);
    const approved = { decision: 'approve', comment: null, leadId: 'lead', reviewVersion: 2, decidedAt: '2026-03-03T09:00:00.000Z' } as const;
    expect(reviewVersionHistory(record(state(2, { status: 'approved', qc: approved }), second)).map((seen) => seen.qc?.decision ?? null)).toEqual(['return', 'approve']);
  });

  it('shows the current version of a record written before history was kept', () => {
    expect(reviewVersionHistory(record(state(3)))).toEqual([
      { version: 3, reviewerId: 'alice', submittedAt: '2026-03-03T10:00:00.000Z', templateVersion: 1, qc: null },
    ]);
  });

  it('is sealed in the review record as the versions arrive by pull', async () => {
    const { vault } = makeTestVault();
    await vault.create('review history passphrase');
    const tables = syncTables(vault);
    const [caseFile] = generateSyntheticCases({ seed: 31, count: 1 });
    const caseId = caseFile!.caseId;
    const batch = { batchId: 'batch-1', name: 'B', assigneeId: 'alice', leadId: 'lead', templateId: 'cse-review', templateVersion: 1, dueDate: null, caseIds: [caseId] };
    await applyPullPage(vault, tables, {
      changes: [
        { kind: 'template', templateId: 'cse-review', version: 1, definition: DEFAULT_CSE_REVIEW_TEMPLATE },
        { kind: 'batch', batch },
        { kind: 'case', batchId: 'batch-1', case: caseFile!, linkedReferences: [] },
        { kind: 'review', review: state(1, { caseId, status: 'returned', qc: returnedBy(1, 'Say why no action.') }) },
      ],
      cursor: 'c1',
      hasMore: false,
    });
    await applyPullPage(vault, tables, { changes: [{ kind: 'review', review: state(2, { caseId }) }], cursor: 'c2', hasMore: false });

    const stored = (await tables.reviews.get(caseId))!.value;
    expect(stored.server?.version).toBe(2);
    expect(stored.history?.map((seen) => [seen.version, seen.qc?.comment ?? null])).toEqual([
      [1, 'Say why no action.'],
      [2, null],
    ]);
  });
});
