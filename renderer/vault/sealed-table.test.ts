import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { generateSyntheticCases } from '../../shared/synthetic-cases/generate-synthetic-cases';
import { sealRecord } from './record-cipher';
import { isVaultError } from './vault-error';
import { makeTestVault, readRawRows, writeRawRow } from './vault-test-support';

const passphrase = 'correct horse battery staple';
const [caseFile] = generateSyntheticCases({ seed: 11, count: 1 });

function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected a failure'),
    (error: unknown) => error,
  );
}

type DraftClear = { batchId: string; updatedAt: number };

describe('generic sealed tables', () => {
  it('seals, reads back, filters by an index field and orders by another', async () => {
    const { vault } = makeTestVault();
    await vault.create(passphrase);
    const outbox = vault.table<{ n: number }, { batchId: string; order: number }>('outbox');
    await vault.commit([
      await outbox.seal([
        { id: 'm-3', clear: { batchId: 'b-1', order: 3 }, value: { n: 3 } },
        { id: 'm-1', clear: { batchId: 'b-2', order: 1 }, value: { n: 1 } },
        { id: 'm-2', clear: { batchId: 'b-1', order: 2 }, value: { n: 2 } },
      ]),
    ]);
    expect((await outbox.list({ orderBy: 'order' })).entries.map((entry) => entry.value.n)).toEqual([1, 2, 3]);
    expect((await outbox.list({ orderBy: 'order', limit: 2 })).entries.map((entry) => entry.id)).toEqual(['m-1', 'm-2']);
    expect((await outbox.list({ where: { field: 'batchId', equals: 'b-1' }, orderBy: 'order' })).entries.map((e) => e.id)).toEqual([
      'm-2',
      'm-3',
    ]);
    expect(await outbox.count({ field: 'batchId', equals: 'b-1' })).toBe(2);
    expect(await outbox.get('m-2')).toEqual({ id: 'm-2', clear: { batchId: 'b-1', order: 2 }, value: { n: 2 } });
    expect(await outbox.get('missing')).toBeNull();
  });

  it('removes rows by key runs, keeping a row that sits between them, and reads a compound order in one go', async () => {
    const { vault } = makeTestVault();
    await vault.create(passphrase);
    const outbox = vault.table<{ n: number }, { batchId: string; order: number; state: string }>('outbox');
    const ids = Array.from({ length: 10 }, (_, index) => `m-${index}`);
    await vault.commit([await outbox.seal(ids.map((id, index) => ({ id, clear: { batchId: 'b-1', order: index, state: 'queued' }, value: { n: index } })))]);

    await vault.commit([outbox.removeInKeyRuns(['m-6', 'm-1', 'm-2', 'm-3', 'm-5', 'm-absent'])]);
    expect((await outbox.list()).entries.map((entry) => entry.id)).toEqual(['m-0', 'm-4', 'm-7', 'm-8', 'm-9']);

    const after4 = await outbox.listInCompoundOrder('[state+order]', 'queued', 2, { after: 4 });
    expect(after4.entries.map((entry) => entry.value.n)).toEqual([7, 8]);
    const skipping = await outbox.listInCompoundOrder('[state+order]', 'queued', 2, { skip: new Set(['m-0', 'm-4']) });
    expect(skipping.entries.map((entry) => entry.id)).toEqual(['m-7', 'm-8']);
  });

  it('reads the clear fields of many ids in their order, null where absent, with rows between them not asked for', async () => {
    const { vault } = makeTestVault();
    await vault.create(passphrase);
    const drafts = vault.table<{ n: number }, DraftClear>('drafts');
    const held = Array.from({ length: 20 }, (_, index) => `case-${String(index * 3).padStart(3, '0')}`);
    await vault.commit([await drafts.seal(held.map((id, index) => ({ id, clear: { batchId: 'b-1', updatedAt: index }, value: { n: index } })))]);
    const asked = Array.from({ length: 40 }, (_, index) => `case-${String(59 - index).padStart(3, '0')}`);
    const fields = await drafts.clearFieldsOf(asked);
    expect(fields).toHaveLength(40);
    asked.forEach((id, index) => {
      const at = held.indexOf(id);
      expect(fields[index]).toEqual(at === -1 ? null : { batchId: 'b-1', updatedAt: at });
    });
    expect(await drafts.clearFieldsOf(['nothing-here'])).toEqual([null]);
  });

  it('commits writes to several tables together, or none of them', async () => {
    const { vault, db } = makeTestVault();
    await vault.create(passphrase);
    const drafts = vault.table<{ text: string }, DraftClear>('drafts');
    const outbox = vault.table<{ text: string }, { batchId: string; order: number }>('outbox');
    const draftWrite = await drafts.seal([{ id: 'case-1', clear: { batchId: 'b-1', updatedAt: 1 }, value: { text: 'x' } }]);
    const refused = {
      tables: ['outbox'] as const,
      // A plaintext row: the sealed-rows guard refuses it inside the transaction.
      apply: async () => {
        await db.table('outbox').put({ id: 'm-1', batchId: 'b-1', order: 1, text: 'plain' });
      },
    };
    expect(await errorOf(vault.commit([draftWrite, refused]))).toBeInstanceOf(Error);
    expect(await db.table('drafts').count()).toBe(0);
    expect(await db.dataKeys.where('batchId').equals('b-1').count()).toBe(0);

    const outboxWrite = await outbox.seal([{ id: 'm-1', clear: { batchId: 'b-1', order: 1 }, value: { text: 'y' } }]);
    await vault.commit([await drafts.seal([{ id: 'case-1', clear: { batchId: 'b-1', updatedAt: 1 }, value: { text: 'x' } }]), outboxWrite]);
    expect(await db.table('drafts').count()).toBe(1);
    expect(await db.table('outbox').count()).toBe(1);
  });

  it('reports a clear field rewritten on disk as damage, naming table and id only', async () => {
    const { vault, dbName } = makeTestVault();
    await vault.create(passphrase);
    await vault.putCases('batch-1', [caseFile!], 'unreviewed');
    const [row] = await readRawRows(dbName, 'cases');
    await writeRawRow(dbName, 'cases', { ...row, status: 'submitted' });
    const failure = await errorOf(vault.getCase(caseFile!.caseId));
    expect(failure).toMatchObject({ code: 'RecordTampered', record: { table: 'cases', id: caseFile!.caseId } });
    expect(String((failure as Error).message)).not.toContain(caseFile!.reference);

    const reviews = vault.table<{ answers: string }, { batchId: string; status: string }>('reviews');
    await vault.commit([await reviews.seal([{ id: 'case-9', clear: { batchId: 'batch-1', status: 'pending' }, value: { answers: 'a' } }])]);
    const [reviewRow] = await readRawRows(dbName, 'reviews');
    await writeRawRow(dbName, 'reviews', { ...reviewRow, batchId: 'batch-2' });
    expect(isVaultError(await errorOf(reviews.get('case-9')), 'RecordTampered')).toBe(true);
  });

  it('dispatches on the format version: a v1 case still opens, an unknown version is unsupported, not tampered', async () => {
    const { vault, dbName } = makeTestVault();
    await vault.create(passphrase);
    await vault.putCases('batch-1', [caseFile!]);
    const [row] = await readRawRows(dbName, 'cases');
    await writeRawRow(dbName, 'cases', { ...row, v: 3 });
    const failure = await errorOf(vault.getCase(caseFile!.caseId));
    expect(isVaultError(failure, 'RecordUnsupported')).toBe(true);
    expect(isVaultError(failure, 'RecordTampered')).toBe(false);
  });

  it('opens a v1 case record written before format v2 existed', async () => {
    const { vault, db, dbName } = makeTestVault();
    await vault.create(passphrase);
    await vault.putCases('batch-1', [caseFile!]);
    const [row] = await readRawRows(dbName, 'cases');
    // Re-seal the same row as format v1 with the batch's own key, as session-1 vaults hold them.
    const keyRow = (await db.dataKeys.where('batchId').equals('batch-1').first())!;
    const internalKey = await (vault as unknown as { sealingKeys(): { findKey(id: string): CryptoKey } }).sealingKeys().findKey(keyRow.id);
    const v1 = await sealRecord({ keyId: keyRow.id, key: internalKey }, 'cases', caseFile!.caseId, caseFile);
    await writeRawRow(dbName, 'cases', { ...row, ...v1 });
    expect((await readRawRows(dbName, 'cases'))[0]).toMatchObject({ v: 1 });
    expect((await vault.getCase(caseFile!.caseId))?.caseFile).toEqual(caseFile);
  });

  it('erasing a batch removes its key and its records in every batch table, and keeps outbox entries', async () => {
    const { vault, db } = makeTestVault();
    await vault.create(passphrase);
    await vault.putCases('batch-1', [caseFile!]);
    await vault.putCases('batch-2', generateSyntheticCases({ seed: 3, count: 2 }));
    const drafts = vault.table<{ text: string }, DraftClear>('drafts');
    const outbox = vault.table<{ text: string }, { batchId: string; order: number }>('outbox');
    await vault.commit([
      await drafts.seal([{ id: caseFile!.caseId, clear: { batchId: 'batch-1', updatedAt: 1 }, value: { text: 'd' } }]),
      await outbox.seal([{ id: 'm-1', clear: { batchId: 'batch-1', order: 1 }, value: { text: 'o' } }]),
    ]);
    await vault.commit([vault.eraseBatchWrite('batch-1')]);
    expect(await db.dataKeys.where('batchId').equals('batch-1').count()).toBe(0);
    expect(await db.table('cases').where('batchId').equals('batch-1').count()).toBe(0);
    expect(await db.table('drafts').count()).toBe(0);
    expect((await vault.listCases()).cases).toHaveLength(2);
    expect((await outbox.get('m-1'))?.value).toEqual({ text: 'o' });
    expect(() => vault.eraseBatchWrite('vault')).toThrow();
  });

  it('refuses every read and write once locked', async () => {
    const { vault } = makeTestVault();
    await vault.create(passphrase);
    const drafts = vault.table<{ text: string }, DraftClear>('drafts');
    await vault.lock('manual');
    expect(isVaultError(await errorOf(drafts.list()), 'VaultLocked')).toBe(true);
    expect(isVaultError(await errorOf(drafts.seal([])), 'VaultLocked')).toBe(true);
    expect(isVaultError(await errorOf(vault.commit([drafts.remove(['x'])])), 'VaultLocked')).toBe(true);
  });
});
