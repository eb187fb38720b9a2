import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { generateSyntheticCases } from '../../shared/synthetic-cases/generate-synthetic-cases';
import type { Batch } from '../../shared/sync-protocol/pull';
import { syncTables } from '../sync/sync-records';
import { fakeLockSession, makeTestVault } from '../vault/vault-test-support';
import { createWorkspaceStores } from './session-stores';

const PASSPHRASE = 'correct horse battery staple';

const fakeSession = fakeLockSession;

async function filledVault() {
  const { vault } = makeTestVault();
  await vault.create(PASSPHRASE);
  const cases = generateSyntheticCases({ seed: 77, count: 12 });
  await vault.putCases('batch-1', cases);
  const batch: Batch = { batchId: 'batch-1', name: 'North 1', assigneeId: 'alice', leadId: 'lead', templateId: 'cse', templateVersion: 1, dueDate: '2026-12-01', caseIds: cases.map((c) => c.caseId) };
  const tables = syncTables(vault);
  await vault.commit([
    await tables.batches.seal([{ id: 'batch-1', clear: { batchId: 'batch-1' }, value: { batch, receivedAt: '2026-11-25T10:00:00Z' } }]),
    await tables.caseLinks.seal([{ id: cases[0]!.caseId, clear: { batchId: 'batch-1' }, value: { linkedReferences: ['REF-ELSEWHERE'] } }]),
  ]);
  return { vault, cases };
}

describe('workspace stores over an injected vault', () => {
  it('load cases, links, batches and a search index from the vault they were given', async () => {
    const { vault, cases } = await filledVault();
    const stores = createWorkspaceStores(vault, fakeSession().register);
    await Promise.all([stores.cases.getState().load(), stores.batches.getState().load()]);
    const state = stores.cases.getState();
    expect(state.cases.map((stored) => stored.caseFile.caseId).sort()).toEqual(cases.map((c) => c.caseId).sort());
    expect(state.linkedReferences.get(cases[0]!.caseId)).toEqual(['REF-ELSEWHERE']);
    expect(state.searchIndex?.search(cases[4]!.reference)?.has(cases[4]!.caseId)).toBe(true);
    expect(state.people.byCaseId.size).toBe(12);
    expect(stores.batches.getState().batches.map((batch) => batch.name)).toEqual(['North 1']);
  });

  it('opening a case logs a consultation audit event for it', async () => {
    const { vault, cases } = await filledVault();
    const stores = createWorkspaceStores(vault, fakeSession().register);
    await stores.cases.getState().load();
    stores.cases.getState().select(cases[3]!.caseId);
    await expect.poll(async () => (await vault.readAuditLog()).filter((event) => event.kind === 'consultation').map((event) => event.caseId)).toEqual([cases[3]!.caseId]);
  });

  it('locking empties every decrypted store, query and view included', async () => {
    const { vault, cases } = await filledVault();
    const session = fakeSession();
    const stores = createWorkspaceStores(vault, session.register);
    await Promise.all([stores.cases.getState().load(), stores.batches.getState().load()]);
    stores.cases.getState().setQuery(cases[0]!.summary.slice(0, 30));
    stores.cases.getState().setView({ batchId: 'batch-1' });
    stores.cases.getState().select(cases[0]!.caseId);

    session.lock();
    const locked = stores.cases.getState();
    expect(locked.cases).toEqual([]);
    expect(locked.searchIndex).toBeNull();
    expect(locked.people.byCaseId.size).toBe(0);
    expect(locked.linkedReferences.size).toBe(0);
    expect(locked.query).toBe('');
    expect(locked.view.batchId).toBeNull();
    expect(locked.selectedCaseId).toBeNull();
    expect(stores.batches.getState().batches).toEqual([]);
  });

  it('a load still running when the vault locks leaves the stores empty', async () => {
    const { vault } = await filledVault();
    const session = fakeSession();
    const stores = createWorkspaceStores(vault, session.register);
    const loading = stores.cases.getState().load();
    session.lock();
    await loading;
    expect(stores.cases.getState().cases).toEqual([]);
    expect(stores.cases.getState().searchIndex).toBeNull();
  });

  it('refreshes changed cases in place: list, links, people and search index, without a full load', async () => {
    const { vault, cases } = await filledVault();
    const stores = createWorkspaceStores(vault, fakeSession().register);
    await stores.cases.getState().load();
    const before = stores.cases.getState();
    const changed = { ...cases[2]!, summary: 'Quartermaster xylophonic note.', suspectIds: ['P777777'] };
    const added = { ...cases[3]!, caseId: 'case-added', reference: 'OP-2030-00001' };
    await vault.putCases('batch-1', [changed, added], 'draft');
    await vault.commit([await syncTables(vault).caseLinks.seal([{ id: added.caseId, clear: { batchId: 'batch-1' }, value: { linkedReferences: ['REF-NEW'] } }])]);
    let fullReads = 0;
    const listCases = vault.listCases.bind(vault);
    vault.listCases = () => {
      fullReads++;
      return listCases();
    };

    await stores.cases.getState().refreshCases([changed.caseId, added.caseId]);
    const after = stores.cases.getState();
    expect(fullReads).toBe(0);
    expect(after.cases).toHaveLength(13);
    expect(after.people.byCaseId.get(changed.caseId)?.caseFile.summary).toBe(changed.summary);
    expect(after.cases.find((stored) => stored.caseFile.caseId === changed.caseId)?.status).toBe('draft');
    expect(after.people.appearances.get('P777777')).toEqual([{ caseId: changed.caseId, role: 'suspect' }]);
    expect(after.linkedReferences.get(added.caseId)).toEqual(['REF-NEW']);
    expect(after.searchIndex).not.toBe(before.searchIndex);
    expect([...after.searchIndex!.search('xylophonic')!]).toEqual([changed.caseId]);
    expect([...after.searchIndex!.search('OP-2030-00001')!]).toEqual(['case-added']);
    // Unchanged cases keep their objects: nothing else was decrypted again.
    expect(after.cases.find((stored) => stored.caseFile.caseId === cases[0]!.caseId)).toBe(before.cases.find((stored) => stored.caseFile.caseId === cases[0]!.caseId));
  });

  it('a case gone from the vault leaves the list and the search index on refresh', async () => {
    const { vault, cases } = await filledVault();
    const stores = createWorkspaceStores(vault, fakeSession().register);
    await stores.cases.getState().load();
    await vault.commit([vault.table('cases').remove([cases[1]!.caseId])]);
    await stores.cases.getState().refreshCases([cases[1]!.caseId]);
    const state = stores.cases.getState();
    expect(state.cases.map((stored) => stored.caseFile.caseId)).not.toContain(cases[1]!.caseId);
    expect(state.searchIndex!.search(cases[1]!.reference)!.has(cases[1]!.caseId)).toBe(false);
  });

  it('a lock after the list is drawn, while the index builds, leaves no index; a refresh after it adds nothing', async () => {
    const { vault, cases } = await filledVault();
    const session = fakeSession();
    const stores = createWorkspaceStores(vault, session.register);
    const loading = stores.cases.getState().load();
    await expect.poll(() => stores.cases.getState().cases.length).toBe(12);
    session.lock();
    await loading;
    await stores.cases.getState().refreshCases([cases[0]!.caseId]);
    expect(stores.cases.getState().cases).toEqual([]);
    expect(stores.cases.getState().searchIndex).toBeNull();
  });
});
