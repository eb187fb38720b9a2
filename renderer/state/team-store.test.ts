import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { generateSyntheticCases } from '../../shared/synthetic-cases/generate-synthetic-cases';
import type { Batch, ReviewState } from '../../shared/sync-protocol/pull';
import { syncTables } from '../sync/sync-records';
import { makeTestVault } from '../vault/vault-test-support';
import type { RegisterDecryptedCache } from './decrypted-store';
import { readQcSamples, recordFirstQcDecision, recordQcSample } from './qc-samples';
import { createTeamStore, leadCaseStatus } from './team-store';

describe("the lead's team store", () => {
  it('reads batches, references, reviews and samples; keeps only the first QC decision; empties on lock', async () => {
    const { vault } = makeTestVault();
    await vault.create('correct horse battery staple');
    const cases = generateSyntheticCases({ seed: 5, count: 3 });
    await vault.putCases('batch-1', cases, 'submitted');
    const batch: Batch = { batchId: 'batch-1', name: 'North 1', assigneeId: 'alice', leadId: 'lead', templateId: 't', templateVersion: 1, dueDate: null, caseIds: cases.map((c) => c.caseId) };
    const review: ReviewState = { caseId: cases[0]!.caseId, version: 1, status: 'submitted', templateId: 't', templateVersion: 1, answers: {}, reviewerId: 'alice', submittedAt: '2026-03-02T10:00:00.000Z', qc: null };
    const tables = syncTables(vault);
    await vault.commit([
      await tables.batches.seal([{ id: 'batch-1', clear: { batchId: 'batch-1' }, value: { batch, receivedAt: '2026-03-01T10:00:00Z' } }]),
      await tables.reviews.seal([{ id: review.caseId, clear: { batchId: 'batch-1', status: 'submitted' }, value: { caseId: review.caseId, server: review, pending: null, conflict: null, rejection: null } }]),
    ]);
    await recordQcSample(vault, { batchId: 'batch-1', caseIds: [review.caseId], rule: { method: 'count', value: 1 }, seed: 9, populationSize: 1, drawnAt: '', firstDecisions: {} });
    await recordFirstQcDecision(vault, 'batch-1', review.caseId, 'return');
    await recordFirstQcDecision(vault, 'batch-1', review.caseId, 'approve');
    expect((await readQcSamples(vault))['batch-1']?.firstDecisions).toEqual({ [review.caseId]: 'return' });

    const clears = new Set<() => void>();
    const register: RegisterDecryptedCache = (clear) => {
      clears.add(clear);
      return () => clears.delete(clear);
    };
    const store = createTeamStore({ vault, registerDecryptedCache: register });
    await store.getState().load();
    const state = store.getState();
    expect(state.batches.map((held) => held.batchId)).toEqual(['batch-1']);
    expect(state.cases.map((teamCase) => [teamCase.reference, leadCaseStatus(teamCase)])).toEqual(cases.map((c, index) => [c.reference, index === 0 ? 'submitted' : 'not-started']));
    expect(state.qcSamples['batch-1']?.seed).toBe(9);

    clears.forEach((clear) => clear());
    expect(store.getState()).toMatchObject({ batches: [], cases: [], qcSamples: {}, loaded: false });
  });
});
