import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CSE_REVIEW_TEMPLATE } from '../../../shared/review-template/default-cse-review-template';
import { generateSyntheticCases } from '../../../shared/synthetic-cases/generate-synthetic-cases';
import type { Batch, ReviewState } from '../../../shared/sync-protocol/pull';
import { reviewStatusOf } from '../../sync/review-status';
import { syncTables, type ReviewRecord } from '../../sync/sync-records';
import { fakeLockSession, makeTestVault } from '../../vault/vault-test-support';
import { createFindingsStore } from './findings-store';

const fakeSession = fakeLockSession;

/** A lead's vault as sync leaves it: a batch, its cases, the template, and reviews in three states. */
async function leadVault() {
  const { vault } = makeTestVault();
  await vault.create('correct horse battery staple');
  const cases = generateSyntheticCases({ seed: 5, count: 4 });
  await vault.putCases('batch-1', cases);
  const batch: Batch = { batchId: 'batch-1', name: 'North 1', assigneeId: 'alice', leadId: 'lead', templateId: 'cse-review', templateVersion: 1, dueDate: null, caseIds: cases.map((c) => c.caseId) };
  const review = (caseId: string, status: ReviewState['status'], urgency: string): ReviewRecord => ({
    caseId,
    server: { caseId, version: 1, status, templateId: 'cse-review', templateVersion: 1, answers: { urgency }, reviewerId: 'alice', submittedAt: '2026-11-01T10:00:00Z', qc: null },
    pending: null,
    conflict: null,
    rejection: null,
  });
  const records = [review(cases[0]!.caseId, 'submitted', 'immediate'), review(cases[1]!.caseId, 'approved', 'routine'), review(cases[2]!.caseId, 'returned', 'routine')];
  const tables = syncTables(vault);
  await vault.commit([
    await tables.batches.seal([{ id: 'batch-1', clear: { batchId: 'batch-1' }, value: { batch, receivedAt: '2026-11-25T10:00:00Z' } }]),
    await tables.templates.seal([{ id: 'cse-review', clear: {}, value: { templateId: 'cse-review', versions: { '1': DEFAULT_CSE_REVIEW_TEMPLATE } } }]),
    await tables.reviews.seal(records.map((record) => ({ id: record.caseId, clear: { batchId: 'batch-1', status: reviewStatusOf(record) }, value: record }))),
  ]);
  return { vault, cases };
}

describe('findings store', () => {
  it('reads submitted and approved reviews with their case’s borough and period, leaving returned ones out', async () => {
    const { vault, cases } = await leadVault();
    const store = createFindingsStore({ vault, registerDecryptedCache: fakeSession().register });
    await store.getState().load();
    const { data, findings } = store.getState();
    expect(data!.outcomes.map((outcome) => [outcome.caseId, outcome.status, outcome.borough, outcome.periodStart])).toEqual([
      ...[0, 1].map((index) => [cases[index]!.caseId, index === 0 ? 'submitted' : 'approved', cases[index]!.borough, cases[index]!.periodStart]),
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
    expect(data!.batchNames.get('batch-1')).toBe('North 1');
    const urgency = findings!.templates[0]!.fields.find((field) => field.fieldId === 'urgency');
    expect(urgency).toMatchObject({ outcomes: 2, answered: 2 });

    store.getState().setFilter({ statuses: ['approved'] });
    expect(store.getState().findings!.outcomesInScope).toBe(1);
  });

  it('empties on lock, filter included', async () => {
    const { vault } = await leadVault();
    const session = fakeSession();
    const store = createFindingsStore({ vault, registerDecryptedCache: session.register });
    await store.getState().load();
    store.getState().setFilter({ boroughs: ['Somewhere'] });
    session.lock();
    expect(store.getState()).toMatchObject({ data: null, findings: null, filter: { boroughs: [] } });
  });
});
