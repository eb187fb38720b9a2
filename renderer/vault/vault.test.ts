import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { generateSyntheticCases } from '../../shared/synthetic-cases/generate-synthetic-cases';
import { CLEAR_FIELDS } from './vault-schema';
import { VaultDatabase, type UnlockThrottleRow, type VaultKeysRow } from './vault-database';
import { isVaultError, VaultError } from './vault-error';
import { FakeKeystore, makeTestVault, readRawRows, TEST_KDF_COST, uniqueDatabaseName, writeRawRow } from './vault-test-support';
import { verifyAuditChain } from './verify-audit-chain';
import { UnsealedWriteError } from './sealed-rows-guard';
import { FREE_ATTEMPTS, MAX_PENDING_FAILURES } from './unlock-throttle';

const passphrase = 'correct horse battery staple';
const cases = generateSyntheticCases({ seed: 7, count: 12 });

function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected a failure'),
    (error: unknown) => error,
  );
}

/** Every string a case holds except its opaque caseId and person/document ids kept as opaque ids. */
function sensitiveStrings(): string[] {
  return cases.flatMap((caseFile) => [
    caseFile.reference,
    caseFile.summary.slice(0, 40),
    caseFile.borough,
    caseFile.originalOutcome,
    ...caseFile.offences,
    ...caseFile.victimIds,
    ...caseFile.suspectIds,
    ...caseFile.documents.map((document) => document.excerpt.slice(0, 40)),
  ]);
}

describe('vault over IndexedDB (fake-indexeddb)', () => {
  it('stores nothing in clear but the declared index fields (raw rows inspected)', async () => {
    const { vault, dbName } = makeTestVault();
    await vault.create(passphrase);
    await vault.putCases('batch-1', cases);
    // One record of each sync table, carrying case text, through the generic sealed table.
    const caseText = { summary: cases[0]!.summary, reference: cases[0]!.reference };
    await vault.commit(
      await Promise.all(
        (['batches', 'caseLinks', 'reviews', 'drafts'] as const).map((table) =>
          vault.table(table).seal([{ id: cases[0]!.caseId, clear: { batchId: 'batch-1' }, value: caseText }]),
        ),
      ),
    );
    await vault.commit(
      await Promise.all(
        (['templates', 'outbox', 'syncState', 'pushReceipts'] as const).map((table) =>
          vault.table(table).seal([{ id: 'entry-1', clear: {}, value: caseText }]),
        ),
      ),
    );
    await vault.commit([await vault.table('teamAudit').seal([{ id: 'dev_1-000000000001', clear: { deviceId: 'dev_1', position: 1 }, value: caseText }])]);
    for (const table of Object.keys(CLEAR_FIELDS) as (keyof typeof CLEAR_FIELDS)[]) {
      const rows = await readRawRows(dbName, table);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        for (const field of Object.keys(row)) expect(Object.keys(CLEAR_FIELDS[table])).toContain(field);
      }
      const rawText = rows
        .map((row) =>
          Object.values(row)
            .map((value) => (value instanceof Uint8Array ? new TextDecoder('latin1').decode(value) : JSON.stringify(value)))
            .join('\u0000'),
        )
        .join('\n');
      for (const secret of sensitiveStrings()) expect(rawText).not.toContain(secret);
    }
    const caseRows = await readRawRows(dbName, 'cases');
    expect(caseRows[0]).toMatchObject({ batchId: 'batch-1', status: 'unreviewed', v: 2 });
    expect(caseRows.map((row) => row.id).sort()).toEqual(cases.map((caseFile) => caseFile.caseId).sort());
  });

  it('refuses a plaintext write that bypasses the vault API (sealed-rows guard)', async () => {
    const { vault, db } = makeTestVault();
    await vault.create(passphrase);
    const plain = { id: 'case-x', batchId: 'batch-1', status: 'unreviewed', updatedAt: 1, reference: 'OP-2010-00001' };
    expect(await errorOf(db.table('cases').put(plain))).toBeInstanceOf(UnsealedWriteError);
    const reference = { id: 'case-x', batchId: 'OP 2010/00001 Camden', status: 'unreviewed', updatedAt: 1, v: 1, k: 'k', c: new Uint8Array(40) };
    expect(await errorOf(db.table('cases').put(reference))).toBeInstanceOf(UnsealedWriteError);
    const unsealed = { id: 'case-x', batchId: 'batch-1', status: 'unreviewed', updatedAt: 1 };
    expect(await errorOf(db.table('cases').put(unsealed))).toBeInstanceOf(UnsealedWriteError);
    expect(await db.table('cases').count()).toBe(0);
  });

  it('refuses a plaintext string in each key-material field of vaultMeta (guard checks exact shapes)', async () => {
    const { vault, db } = makeTestVault();
    await vault.create(passphrase);
    const keysRow = (await db.vaultMeta.get('keys')) as VaultKeysRow;
    const plaintext = 'OP-2010-00001 Camden';
    const refusedRows = [
      { ...keysRow, kdf: plaintext },
      { ...keysRow, kdf: { ...keysRow.kdf, note: plaintext } },
      { ...keysRow, kdf: { ...keysRow.kdf, salt: plaintext } },
      { ...keysRow, wrappedVaultKey: plaintext },
      // Base64 alphabet but far too short to be a wrapped key: a single word could hide here.
      { ...keysRow, wrappedVaultKey: 'Jane' },
      { name: 'throttle', failedAttempts: 1, lastFailureAt: 1, pendingFailureTimes: plaintext },
      { name: 'throttle', failedAttempts: 1, lastFailureAt: 1, pendingFailureTimes: [plaintext] },
    ];
    for (const row of refusedRows) {
      expect(await errorOf(db.vaultMeta.put(row as never))).toBeInstanceOf(UnsealedWriteError);
    }
    expect(await db.vaultMeta.get('keys')).toEqual(keysRow);
    // The shapes the vault itself writes still pass.
    await db.vaultMeta.put(keysRow);
    await db.vaultMeta.put({ name: 'throttle', failedAttempts: 2, lastFailureAt: 5, pendingFailureTimes: [4, 5] });
  });

  it('locks (keys dropped, reads refused), unlocks with the passphrase, and reads every case back equal', async () => {
    const { vault, db, keystore, dbName } = makeTestVault();
    await vault.create(passphrase);
    await vault.putCases('batch-1', cases);
    await vault.lock('manual');
    expect(vault.isUnlocked()).toBe(false);
    expect(isVaultError(await errorOf(vault.listCases()), 'VaultLocked')).toBe(true);
    expect(isVaultError(await errorOf(vault.putCases('batch-1', cases)), 'VaultLocked')).toBe(true);

    db.close();
    const reopened = makeTestVault({ dbName, keystore }).vault;
    await reopened.unlock(passphrase);
    const listing = await reopened.listCases();
    expect(listing.damaged).toEqual([]);
    const byId = new Map(listing.cases.map((stored) => [stored.caseFile.caseId, stored.caseFile]));
    for (const caseFile of cases) expect(byId.get(caseFile.caseId)).toEqual(caseFile);
    expect((await reopened.getCase(cases[3]!.caseId))?.caseFile).toEqual(cases[3]);
  });

  it('rejects a wrong passphrase and keeps the growing delay across a restart', async () => {
    let now = 1_000_000;
    const { vault, db, keystore, dbName } = makeTestVault({ now: () => now });
    await vault.create(passphrase);
    await vault.lock('manual');
    for (let attempt = 1; attempt <= FREE_ATTEMPTS; attempt++) {
      const failure = await errorOf(vault.unlock('not the passphrase at all'));
      expect(isVaultError(failure, 'WrongPassphrase')).toBe(true);
    }
    db.close();
    const restarted = makeTestVault({ dbName, keystore, now: () => now }).vault;
    const throttled = (await errorOf(restarted.unlock(passphrase))) as VaultError;
    expect(throttled.code).toBe('UnlockThrottled');
    expect(throttled.retryAt).toBeGreaterThan(now);
    now = throttled.retryAt!;
    await restarted.unlock(passphrase);
    const events = await restarted.readAuditLog();
    expect(events.map((event) => event.kind)).toEqual([
      'vault-created',
      'vault-locked',
      'vault-unlock-failed',
      'vault-unlock-failed',
      'vault-unlock-failed',
      'vault-unlocked',
    ]);
    expect(events[1]!.reason).toBe('manual');
    expect(await verifyAuditChain(events)).toEqual({ intact: true, events: 6 });
  });

  it('names a damaged record by table and id while every other record still opens', async () => {
    const { vault, dbName } = makeTestVault();
    await vault.create(passphrase);
    await vault.putCases('batch-1', cases);
    const rows = await readRawRows(dbName, 'cases');
    const victim = rows[5]!;
    const flipped = new Uint8Array(victim.c as Uint8Array);
    flipped[40]! ^= 0x80;
    await writeRawRow(dbName, 'cases', { ...victim, c: flipped });
    // and a ciphertext copied onto another row
    await writeRawRow(dbName, 'cases', { ...rows[7]!, c: rows[8]!.c });

    const listing = await vault.listCases();
    expect(listing.cases).toHaveLength(cases.length - 2);
    expect(listing.damaged.map((record) => record.id).sort()).toEqual([String(victim.id), String(rows[7]!.id)].sort());
    expect(listing.damaged.every((record) => record.table === 'cases')).toBe(true);
    const failure = (await errorOf(vault.getCase(String(victim.id)))) as VaultError;
    expect(failure).toMatchObject({ code: 'RecordTampered', record: { table: 'cases', id: victim.id } });
    for (const secret of sensitiveStrings()) expect(failure.message).not.toContain(secret);
  });

  it('fails a write on a full disk with StorageFull and loses nothing already stored', async () => {
    const dbName = uniqueDatabaseName();
    let diskFull = false;
    const db = new VaultDatabase(dbName);
    db.use({
      stack: 'dbcore',
      name: 'FullDisk',
      create: (down) => ({
        ...down,
        table: (name) => {
          const table = down.table(name);
          return {
            ...table,
            mutate: (request) =>
              diskFull ? Promise.reject(new DOMException('The disk is full', 'QuotaExceededError')) : table.mutate(request),
          };
        },
      }),
    });
    const { vault } = makeTestVault({ db, dbName });
    await vault.create(passphrase);
    await vault.putCases('batch-1', cases.slice(0, 6));
    diskFull = true;
    const failure = await errorOf(vault.putCases('batch-1', cases.slice(6)));
    expect(isVaultError(failure, 'StorageFull')).toBe(true);
    const other = await errorOf(vault.putCases('batch-2', cases.slice(6)));
    expect(isVaultError(other, 'StorageFull')).toBe(true);
    diskFull = false;
    const listing = await vault.listCases();
    expect(listing.cases.map((stored) => stored.caseFile)).toEqual(cases.slice(0, 6));
    expect(listing.damaged).toEqual([]);
  });

  it('changes the passphrase by re-wrapping keys only: stored ciphertexts stay byte-identical', async () => {
    const { vault, db, keystore, dbName } = makeTestVault();
    await vault.create(passphrase);
    await vault.putCases('batch-1', cases);
    const before = await readRawRows(dbName, 'cases');
    expect(isVaultError(await errorOf(vault.changePassphrase('wrong passphrase here', 'a brand new passphrase')), 'WrongPassphrase')).toBe(true);
    await vault.changePassphrase(passphrase, 'a brand new passphrase');
    expect(await readRawRows(dbName, 'cases')).toEqual(before);
    await vault.lock('idle');
    db.close();
    const reopened = makeTestVault({ dbName, keystore }).vault;
    expect(isVaultError(await errorOf(reopened.unlock(passphrase)), 'WrongPassphrase')).toBe(true);
    await reopened.unlock('a brand new passphrase');
    expect((await reopened.listCases()).cases).toHaveLength(cases.length);
    const types = (await reopened.readAuditLog()).map((event) => `${event.kind}${event.reason ? `:${event.reason}` : ''}`);
    expect(types).toEqual([
      'vault-created',
      'vault-unlock-failed', // the wrong current passphrase, audited at once
      'vault-passphrase-changed',
      'vault-locked:idle',
      'vault-unlock-failed',
      'vault-unlocked',
    ]);
  });

  it('erases a batch cryptographically: its data key and rows go, other batches stay', async () => {
    const { vault, dbName } = makeTestVault();
    await vault.create(passphrase);
    await vault.putCases('batch-1', cases.slice(0, 5));
    await vault.putCases('batch-2', cases.slice(5));
    expect((await readRawRows(dbName, 'dataKeys')).map((row) => row.batchId).sort()).toEqual(['batch-1', 'batch-2', 'vault']);
    await vault.deleteBatch('batch-1');
    // The erase rotated the vault key: a fresh vault-scope key beside the re-wrapped old one.
    expect((await readRawRows(dbName, 'dataKeys')).map((row) => row.batchId).sort()).toEqual(['batch-2', 'vault', 'vault']);
    const listing = await vault.listCases();
    expect(listing.cases.map((stored) => stored.caseFile.caseId)).toEqual(cases.slice(5).map((caseFile) => caseFile.caseId));
  });

  it('records "device binding is off" when the OS keystore is basic_text, and still opens', async () => {
    const keystore = new FakeKeystore({ deviceBound: false, backend: 'basic_text' });
    const { vault } = makeTestVault({ keystore });
    expect(await vault.create(passphrase)).toEqual({ keyBinding: 'none' });
    expect(await vault.keyBinding()).toBe('none');
    await vault.lock('manual');
    await vault.unlock(passphrase);
    expect(vault.isUnlocked()).toBe(true);
  });

  it('a lock that arrives while unlocking or reading wins: no keys, no decrypted data handed out', async () => {
    const { vault } = makeTestVault();
    await vault.create(passphrase);
    await vault.putCases('batch-1', cases);
    const reading = vault.listCases();
    void vault.lock('suspend');
    expect(isVaultError(await errorOf(reading), 'VaultLocked')).toBe(true);

    const unlocking = vault.unlock(passphrase);
    void vault.lock('os-lock');
    expect(isVaultError(await errorOf(unlocking), 'VaultLocked')).toBe(true);
    expect(vault.isUnlocked()).toBe(false);
  });

  it('raises an old vault to the current KDF cost on unlock (same vault key, fresh salt)', async () => {
    const { vault, db, keystore, dbName } = makeTestVault();
    await vault.create(passphrase);
    await vault.putCases('batch-1', cases.slice(0, 2));
    await vault.lock('manual');
    db.close();
    const raisedCost = { ...TEST_KDF_COST, memoryKiB: TEST_KDF_COST.memoryKiB * 2 };
    const newer = makeTestVault({ dbName, keystore, kdfCost: raisedCost });
    const before = (await newer.db.vaultMeta.get('keys')) as VaultKeysRow;
    await newer.vault.unlock(passphrase);
    const after = (await newer.db.vaultMeta.get('keys')) as VaultKeysRow;
    expect(before.kdf.memoryKiB).toBe(TEST_KDF_COST.memoryKiB);
    expect(after.kdf.memoryKiB).toBe(raisedCost.memoryKiB);
    expect(after.kdf.salt).not.toBe(before.kdf.salt);
    await newer.vault.lock('manual');
    await newer.vault.unlock(passphrase);
    expect((await newer.vault.listCases()).cases).toHaveLength(2);
  });

  it('refuses a passphrase shorter than 12 characters, a guessable one, and a second vault', async () => {
    const { vault } = makeTestVault();
    expect(isVaultError(await errorOf(vault.create('short pass')), 'PassphraseTooWeak')).toBe(true);
    // 12 characters, zxcvbn score 0 ("very weak").
    expect(isVaultError(await errorOf(vault.create('aaaaaaaaaaaa')), 'PassphraseTooWeak')).toBe(true);
    expect(isVaultError(await errorOf(vault.create('password1234')), 'PassphraseTooWeak')).toBe(true);
    await vault.create(passphrase);
    expect(isVaultError(await errorOf(vault.create(passphrase)), 'VaultExists')).toBe(true);
  });

  it('keeps the idle-lock setting within 1–30 minutes, when set and when read from a rewritten row', async () => {
    const { vault, dbName } = makeTestVault();
    await vault.create(passphrase);
    for (const refused of [0, 31, 240, 2.5, Number.NaN]) {
      expect(await errorOf(vault.setIdleLockMinutes(refused))).toBeInstanceOf(RangeError);
    }
    await vault.setIdleLockMinutes(30);
    expect(await vault.idleLockMinutes()).toBe(30);
    // Someone with the disk rewrites the clear settings row: the vault reads it back clamped.
    await writeRawRow(dbName, 'vaultMeta', { name: 'settings', idleLockMinutes: 240 });
    expect(await vault.idleLockMinutes()).toBe(30);
    await writeRawRow(dbName, 'vaultMeta', { name: 'settings', idleLockMinutes: 0 });
    expect(await vault.idleLockMinutes()).toBe(1);
    await writeRawRow(dbName, 'vaultMeta', { name: 'settings', idleLockMinutes: 'never' });
    expect(await vault.idleLockMinutes()).toBe(5);
  });

  it('seals every audit event to one length, whatever its kind (padding)', async () => {
    const { vault, db, keystore, dbName } = makeTestVault();
    await vault.create(passphrase);
    await vault.changePassphrase(passphrase, passphrase);
    await vault.lock('os-lock');
    db.close();
    const reopened = makeTestVault({ dbName, keystore }).vault;
    await errorOf(reopened.unlock('not the passphrase'));
    await reopened.unlock(passphrase);
    await reopened.lock('idle');
    const rows = await readRawRows(dbName, 'auditLog');
    expect(rows).toHaveLength(6); // created, passphrase-changed, locked, unlock-failed, unlocked, locked
    expect(new Set(rows.map((row) => (row.c as Uint8Array).length)).size).toBe(1);
  });

  it('seals cases whose JSON differs by a few bytes to the same length (PADMÉ buckets)', async () => {
    const { vault, dbName } = makeTestVault();
    await vault.create(passphrase);
    const originals = generateSyntheticCases({ seed: 31, count: 40 });
    const longer = originals.map((caseFile) => ({ ...caseFile, caseId: `${caseFile.caseId}-x`, summary: `${caseFile.summary}abc` }));
    await vault.putCases('batch-1', [...originals, ...longer]);
    const lengthById = new Map((await readRawRows(dbName, 'cases')).map((row) => [row.id, (row.c as Uint8Array).length]));
    // The "-x" id adds 2 bytes to the sealed copy of the row and "abc" 3 more: 5 bytes in all. A pair
    // straddles a bucket edge only when the original sits within 5 bytes of it (≈ 2 % of ~5 kB cases).
    const sameLength = originals.filter((caseFile) => lengthById.get(caseFile.caseId) === lengthById.get(`${caseFile.caseId}-x`));
    expect(sameLength.length).toBeGreaterThanOrEqual(36);
    // And 80 cases of different sizes share lengths: unpadded, nearly every one had its own.
    expect(new Set(lengthById.values()).size).toBeLessThanOrEqual(40);
  });

  describe('key rotation: an old passphrase with an old copy of the profile opens nothing written later', () => {
    /**
     * The attacker of issue #10: a copy of the profile taken before, the passphrase of then, and the
     * profile as it is now. Their best combination is the old key rows over the current records.
     */
    async function openAsAttacker(dbName: string, oldKeys: Record<string, unknown>[], oldPassphrase: string) {
      for (const row of oldKeys) await writeRawRow(dbName, 'dataKeys', row);
      const { vault } = makeTestVault({ dbName, keystore: new FakeKeystore() });
      await vault.unlock(oldPassphrase);
      return vault.listCases();
    }

    async function profileCopy(dbName: string) {
      const keysRow = (await readRawRows(dbName, 'vaultMeta')).find((row) => row.name === 'keys')!;
      return { keysRow, dataKeys: await readRawRows(dbName, 'dataKeys') };
    }

    it('after a change of passphrase', async () => {
      const { vault, db, dbName } = makeTestVault();
      await vault.create(passphrase);
      await vault.putCases('batch-1', cases.slice(0, 4));
      const before = await profileCopy(dbName);
      await vault.changePassphrase(passphrase, 'a brand new passphrase');
      await vault.putCases('batch-1', cases.slice(4, 6));
      expect(new Set((await readRawRows(dbName, 'cases')).map((row) => row.k)).size).toBe(2);
      await vault.lock('manual');
      db.close();

      await writeRawRow(dbName, 'vaultMeta', before.keysRow);
      const listing = await openAsAttacker(dbName, before.dataKeys, passphrase);
      // What was there before the change opens (the attacker's copy really is the old vault)…
      expect(listing.cases.map((stored) => stored.caseFile.caseId).sort()).toEqual(cases.slice(0, 4).map((c) => c.caseId).sort());
      // …and nothing written after it.
      expect(listing.damaged.map((record) => record.id).sort()).toEqual(cases.slice(4, 6).map((c) => c.caseId).sort());
    });

    it('after a batch erase', async () => {
      const { vault, db, dbName } = makeTestVault();
      await vault.create(passphrase);
      await vault.putCases('batch-1', cases.slice(0, 2));
      await vault.putCases('batch-2', cases.slice(2, 4));
      const before = await profileCopy(dbName);
      await vault.deleteBatch('batch-1');
      await vault.putCases('batch-2', cases.slice(4, 6));
      // The survivors still open with the new vault key, and the new cases got a fresh data key.
      expect((await vault.listCases()).cases).toHaveLength(4);
      await vault.lock('manual');
      db.close();

      await writeRawRow(dbName, 'vaultMeta', before.keysRow);
      const listing = await openAsAttacker(dbName, before.dataKeys, passphrase);
      expect(listing.cases.map((stored) => stored.caseFile.caseId).sort()).toEqual(cases.slice(2, 4).map((c) => c.caseId).sort());
      expect(listing.damaged.map((record) => record.id).sort()).toEqual(cases.slice(4, 6).map((c) => c.caseId).sort());
    });

    it('a write prepared before a rotation and committed after it still opens after a restart', async () => {
      const { vault, db, keystore, dbName } = makeTestVault();
      await vault.create(passphrase);
      // A new batch: its data key is made (and wrapped under the current vault key) when sealing.
      const prepared = await vault.sealCases('batch-new', cases.slice(0, 2));
      await vault.changePassphrase(passphrase, 'a brand new passphrase');
      await vault.commit([prepared]);
      // An erase committed together with other writes (as the sync engine does) rotates in the same transaction.
      await vault.commit([await vault.sealCases('batch-other', cases.slice(2, 4)), vault.eraseBatchWrite('batch-new')]);
      await vault.putCases('batch-new', cases.slice(4, 5));
      await vault.lock('manual');
      db.close();
      const reopened = makeTestVault({ dbName, keystore }).vault;
      await reopened.unlock('a brand new passphrase');
      const listing = await reopened.listCases();
      expect(listing.damaged).toEqual([]);
      expect(listing.cases.map((stored) => stored.caseFile.caseId).sort()).toEqual(cases.slice(2, 5).map((c) => c.caseId).sort());
    });

    it('every record and the audit chain still open after several rotations and a restart', async () => {
      const { vault, db, keystore, dbName } = makeTestVault();
      await vault.create(passphrase);
      await vault.putCases('batch-1', cases.slice(0, 3));
      await vault.changePassphrase(passphrase, 'second passphrase here');
      await vault.putCases('batch-2', cases.slice(3, 6));
      await vault.putCases('batch-3', cases.slice(6, 7));
      await vault.deleteBatch('batch-3');
      await vault.putCases('batch-1', cases.slice(7, 9));
      await vault.changePassphrase('second passphrase here', 'third passphrase here');
      await vault.lock('manual');
      db.close();
      const reopened = makeTestVault({ dbName, keystore }).vault;
      await reopened.unlock('third passphrase here');
      const listing = await reopened.listCases();
      expect(listing.damaged).toEqual([]);
      expect(listing.cases.map((stored) => stored.caseFile.caseId).sort()).toEqual(
        [...cases.slice(0, 6), ...cases.slice(7, 9)].map((c) => c.caseId).sort(),
      );
      expect(await verifyAuditChain(await reopened.readAuditLog())).toMatchObject({ intact: true });
    });
  });

  describe('unlock and change of passphrase cannot be raced or guessed for free', () => {
    it('counts every one of several concurrent wrong unlocks: no guess goes uncounted', async () => {
      const { vault, db } = makeTestVault();
      await vault.create(passphrase);
      await vault.lock('manual');
      const results = await Promise.all(Array.from({ length: 8 }, (_, index) => errorOf(vault.unlock(`wrong passphrase ${index}`))));
      const guessed = results.filter((result) => isVaultError(result, 'WrongPassphrase')).length;
      const refused = results.filter((result) => isVaultError(result, 'UnlockThrottled')).length;
      expect(guessed + refused).toBe(8);
      expect(guessed).toBe(FREE_ATTEMPTS);
      expect((await db.vaultMeta.get('throttle')) as UnlockThrottleRow).toMatchObject({ failedAttempts: guessed, pendingFailureCount: guessed });
    });

    it('stays locked when the audit write of an unlock fails', async () => {
      const { vault, db } = makeTestVault();
      await vault.create(passphrase);
      await vault.lock('manual');
      const add = db.auditLog.add.bind(db.auditLog);
      db.auditLog.add = (() => Promise.reject(new Error('disk went away'))) as never;
      expect(await errorOf(vault.unlock(passphrase))).toBeInstanceOf(Error);
      expect(vault.isUnlocked()).toBe(false);
      db.auditLog.add = add;
      await vault.unlock(passphrase);
      expect(vault.isUnlocked()).toBe(true);
    });

    it('throttles and audits a wrong current passphrase on change', async () => {
      let now = Date.parse('2026-03-01T10:00:00Z');
      const { vault } = makeTestVault({ now: () => now });
      await vault.create(passphrase);
      for (let attempt = 0; attempt < FREE_ATTEMPTS; attempt++) {
        expect(isVaultError(await errorOf(vault.changePassphrase(`guess number ${attempt}`, 'a brand new passphrase')), 'WrongPassphrase')).toBe(true);
      }
      expect(isVaultError(await errorOf(vault.changePassphrase(passphrase, 'a brand new passphrase')), 'UnlockThrottled')).toBe(true);
      const failures = (await vault.readAuditLog()).filter((event) => event.kind === 'vault-unlock-failed');
      expect(failures).toHaveLength(FREE_ATTEMPTS);
      now += 60_000;
      await vault.changePassphrase(passphrase, 'a brand new passphrase');
    });

    it('refuses to erase the vault scope, whose data key seals the audit log', async () => {
      const { vault } = makeTestVault();
      await vault.create(passphrase);
      expect(await errorOf(vault.deleteBatch('vault'))).toBeInstanceOf(Error);
      expect(await vault.readAuditLog()).toHaveLength(1);
    });

    it('writes how many unlocks failed in all when more failed than the times it keeps', async () => {
      const { vault, db, keystore, dbName } = makeTestVault();
      await vault.create(passphrase);
      await vault.lock('manual');
      db.close();
      const times = Array.from({ length: MAX_PENDING_FAILURES }, (_, index) => Date.parse('2026-03-01T10:00:00Z') + index);
      // 250 failures happened while locked (driven past the throttle, as a long night of guessing would be).
      await writeRawRow(dbName, 'vaultMeta', { name: 'throttle', failedAttempts: 250, lastFailureAt: 0, pendingFailureTimes: times, pendingFailureCount: 250 });
      const reopened = makeTestVault({ dbName, keystore }).vault;
      await reopened.unlock(passphrase);
      const failures = (await reopened.readAuditLog()).filter((event) => event.kind === 'vault-unlock-failed');
      expect(failures).toHaveLength(MAX_PENDING_FAILURES);
      expect(failures[0]!.detail).toBe('250 failed unlock attempts since the last unlock; the times of the last 100 are recorded');
    });
  });

  it('asks a stronger passphrase when the vault is not bound to the device (score 4, not 3)', async () => {
    const strong = 'mountain river'; // zxcvbn score 3
    expect(await makeTestVault().vault.create(strong)).toEqual({ keyBinding: 'os-keystore' });
    const unbound = makeTestVault({ keystore: new FakeKeystore({ deviceBound: false, backend: 'basic_text' }) }).vault;
    expect(isVaultError(await errorOf(unbound.create(strong)), 'PassphraseTooWeak')).toBe(true);
    await unbound.create(passphrase);
    expect(isVaultError(await errorOf(unbound.changePassphrase(passphrase, strong)), 'PassphraseTooWeak')).toBe(true);
    expect(isVaultError(await errorOf(unbound.changePassphrase(passphrase, 'aaaaaaaaaaaa')), 'PassphraseTooWeak')).toBe(true);
  });
});
