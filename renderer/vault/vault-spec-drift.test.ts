import 'fake-indexeddb/auto';
import { argon2id } from 'hash-wasm';
import { describe, expect, it } from 'vitest';
import storedShape from '../../docs/encryption-stored-shape.json';
import { generateSyntheticCases } from '../../shared/synthetic-cases/generate-synthetic-cases';
import { CLEAR_FIELDS, VAULT_DATABASE_NAME, VAULT_SCHEMA_VERSIONS } from './vault-schema';
import { FakeKeystore, makeTestVault, uniqueDatabaseName } from './vault-test-support';

/**
 * The spec-drift test of docs/encryption.md: a fresh vault's raw rows, read
 * with the plain IndexedDB API, must have exactly the shape the table kept
 * beside the spec (docs/encryption-stored-shape.json) says; and a reader
 * written here from the spec's words alone (its own AAD strings, padding
 * rule and key unwrapping, none of the vault's code) must open them.
 */

type FieldSpec = string | { readonly [field: string]: FieldSpec };
type Fields = { readonly [field: string]: FieldSpec };
interface StoreSpec {
  readonly keyPath: string;
  readonly indexes: readonly string[];
  readonly fields?: Fields;
  readonly rows?: { readonly [name: string]: Fields };
}
const spec = storedShape as unknown as {
  databaseName: string;
  schemaVersion: number;
  indexedDbVersion: number;
  stores: { readonly [store: string]: StoreSpec };
};

const passphrase = 'spec drift passphrase';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const isInteger = (value: unknown, min: number) => typeof value === 'number' && Number.isSafeInteger(value) && value >= min;

function base64Length(value: unknown): number | null {
  return typeof value === 'string' && BASE64.test(value) ? atob(value).length : null;
}

/** One encoding of docs/encryption.md § "Stored shape"; returns a problem or null. */
function encodingProblem(encoding: string, value: unknown): string | null {
  const ok = (() => {
    if (encoding.startsWith('const:')) {
      const literal = encoding.slice('const:'.length);
      return typeof value === 'number' ? String(value) === literal : value === literal;
    }
    if (encoding.startsWith('enum:')) return typeof value === 'string' && encoding.slice(5).split('|').includes(value);
    if (encoding.startsWith('integer:')) {
      const [min, max] = encoding.slice(8).split('-').map(Number);
      return isInteger(value, min!) && (value as number) <= max!;
    }
    if (encoding.startsWith('base64:')) return base64Length(value) === Number(encoding.slice(7));
    if (encoding.startsWith('bytes:')) return value instanceof Uint8Array && value.length === Number(encoding.slice(6));
    switch (encoding) {
      case 'opaque-id':
        return typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value);
      case 'vault-id':
        return typeof value === 'string' && /^vault-[0-9a-f]{24}$/.test(value);
      case 'data-key-id':
        return typeof value === 'string' && /^dk-[0-9a-f]{24}$/.test(value);
      case 'positive-integer':
        return isInteger(value, 1);
      case 'non-negative-integer':
      case 'ms-timestamp':
        return isInteger(value, 0);
      case 'ms-timestamp-list':
        return Array.isArray(value) && value.length <= 100 && value.every((time) => isInteger(time, 0));
      case 'wrapped-vault-key':
        // keyBinding 'none' (this test): base64 of iv ‖ AES-GCM(32-byte key) ‖ tag.
        return base64Length(value) === 60;
      case 'sealed-bytes':
        return value instanceof Uint8Array && value.length >= 12 + 1 + 16;
      default:
        return false;
    }
  })();
  return ok ? null : `${JSON.stringify(value instanceof Uint8Array ? `Uint8Array(${value.length})` : value)} is not ${encoding}`;
}

function shapeProblems(where: string, fields: Fields, row: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const expected = Object.keys(fields).sort();
  const actual = Object.keys(row).sort();
  if (expected.join() !== actual.join()) problems.push(`${where}: fields [${actual}] but the spec says [${expected}]`);
  for (const [field, fieldSpec] of Object.entries(fields)) {
    if (!(field in row)) continue;
    if (typeof fieldSpec === 'string') {
      const problem = encodingProblem(fieldSpec, row[field]);
      if (problem) problems.push(`${where}.${field}: ${problem}`);
    } else {
      problems.push(...shapeProblems(`${where}.${field}`, fieldSpec, row[field] as Record<string, unknown>));
    }
  }
  return problems;
}

function openRaw(dbName: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(dbName);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => resolve(open.result);
  });
}

function allRows(database: IDBDatabase, store: string): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const request = database.transaction(store, 'readonly').objectStore(store).getAll();
    request.onerror = () => reject(request.error);
    request.onsuccess = () => resolve(request.result as Record<string, unknown>[]);
  });
}

/** A vault with at least one row in every store, as the app and the sync engine write them. */
async function populatedVault() {
  const dbName = uniqueDatabaseName();
  const { vault, db } = makeTestVault({ dbName, keystore: new FakeKeystore({ deviceBound: false, backend: 'basic_text' }) });
  await vault.create(passphrase);
  const cases = generateSyntheticCases({ seed: 12, count: 3 });
  await vault.putCases('batch-1', cases);
  await vault.setIdleLockMinutes(10);
  const note = { text: 'a sealed value' };
  await vault.commit([
    await vault.table('batches').seal([{ id: 'batch-1', clear: { batchId: 'batch-1' }, value: note }]),
    await vault.table('caseLinks').seal([{ id: cases[0]!.caseId, clear: { batchId: 'batch-1' }, value: note }]),
    await vault.table('reviews').seal([{ id: cases[0]!.caseId, clear: { batchId: 'batch-1', status: 'pending' }, value: note }]),
    await vault.table('drafts').seal([{ id: cases[0]!.caseId, clear: { batchId: 'batch-1', updatedAt: 1 }, value: note }]),
    await vault.table('templates').seal([{ id: 'template-1', clear: {}, value: note }]),
    await vault.table('outbox').seal([{ id: 'mutation-1', clear: { batchId: 'batch-1', order: 0, state: 'queued' }, value: note }]),
    await vault.table('syncState').seal([{ id: 'cursor', clear: {}, value: note }]),
    await vault.table('teamAudit').seal([{ id: 'dev_1-000000000001', clear: { deviceId: 'dev_1', position: 1 }, value: note }]),
    await vault.table('pushReceipts').seal([{ id: 'receipt-1', clear: {}, value: note }]),
  ]);
  await vault.lock('manual');
  await vault.unlock('not the passphrase').catch(() => undefined); // leaves a throttle row with a pending failure
  db.close();
  return { dbName, cases };
}

// --- A second reader, from the spec's words only -------------------------------------------------

const utf8 = (text: string) => new TextEncoder().encode(text);

async function aesKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['decrypt']);
}

async function openSealed(key: CryptoKey, sealed: Uint8Array, aad: string): Promise<Uint8Array<ArrayBuffer>> {
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: sealed.slice(0, 12), additionalData: utf8(aad) },
    key,
    sealed.slice(12),
  );
  return new Uint8Array(plain);
}

/** Spec § "Padding": strip trailing 0x00 bytes, then exactly one 0x80. */
function unpad(padded: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  let end = padded.length - 1;
  while (padded[end] === 0) end--;
  expect(padded[end]).toBe(0x80);
  return padded.slice(0, end);
}

/** Spec § "Padding": PADMÉ, written out from its definition. */
function padme(length: number): number {
  if (length < 4) return length;
  const e = Math.floor(Math.log2(length));
  const s = Math.floor(Math.log2(e)) + 1;
  const mask = 2 ** (e - s);
  return Math.ceil(length / mask) * mask;
}

describe('docs/encryption.md is the stored shape (spec-drift test)', () => {
  it('names the database, its versions and every store with its key path and indexes', async () => {
    expect(spec.databaseName).toBe(VAULT_DATABASE_NAME);
    expect(spec.schemaVersion).toBe(VAULT_SCHEMA_VERSIONS.at(-1)!.version);
    const { dbName } = await populatedVault();
    const database = await openRaw(dbName);
    try {
      // Dexie opens IndexedDB at ten times its schema version.
      expect(database.version).toBe(spec.indexedDbVersion);
      expect([...database.objectStoreNames].sort()).toEqual(Object.keys(spec.stores).sort());
      const transaction = database.transaction([...database.objectStoreNames], 'readonly');
      for (const [name, store] of Object.entries(spec.stores)) {
        const objectStore = transaction.objectStore(name);
        expect(objectStore.keyPath, name).toBe(store.keyPath);
        expect(objectStore.autoIncrement, name).toBe(false);
        expect([...objectStore.indexNames].sort(), name).toEqual([...store.indexes].sort());
      }
    } finally {
      database.close();
    }
  });

  it('every raw row has exactly the fields and encodings of the spec, and the guard declares the same clear fields', async () => {
    const { dbName } = await populatedVault();
    const database = await openRaw(dbName);
    const problems: string[] = [];
    try {
      for (const [name, store] of Object.entries(spec.stores)) {
        const rows = await allRows(database, name);
        expect(rows.length, `a fresh vault has rows in ${name}`).toBeGreaterThan(0);
        for (const row of rows) {
          const fields = store.rows ? store.rows[String(row[store.keyPath])] : store.fields;
          if (!fields) problems.push(`${name}: a row named ${String(row[store.keyPath])} the spec does not describe`);
          else problems.push(...shapeProblems(`${name}[${String(row[store.keyPath])}]`, fields, row));
        }
        const specFields = new Set([...Object.values(store.rows ?? {}).flatMap(Object.keys), ...Object.keys(store.fields ?? {})]);
        expect([...specFields].sort(), `clear fields of ${name}`).toEqual(Object.keys(CLEAR_FIELDS[name as keyof typeof CLEAR_FIELDS]).sort());
      }
      expect(Object.keys(CLEAR_FIELDS).sort()).toEqual(Object.keys(spec.stores).sort());
    } finally {
      database.close();
    }
    expect(problems).toEqual([]);
  });

  it('a reader written from the spec alone opens the cases and the audit log', async () => {
    const { dbName, cases } = await populatedVault();
    const database = await openRaw(dbName);
    try {
      const meta = await allRows(database, 'vaultMeta');
      const keys = meta.find((row) => row.name === 'keys') as {
        vaultId: string;
        kdf: { memoryKiB: number; iterations: number; parallelism: number; salt: string };
        wrappedVaultKey: string;
      };
      // § Key derivation: Argon2id over the NFC passphrase, 32 bytes.
      const kek = await aesKey(
        (await argon2id({
          password: passphrase.normalize('NFC'),
          salt: Uint8Array.from(atob(keys.kdf.salt), (char) => char.charCodeAt(0)),
          memorySize: keys.kdf.memoryKiB,
          iterations: keys.kdf.iterations,
          parallelism: keys.kdf.parallelism,
          hashLength: 32,
          outputType: 'binary',
        })) as Uint8Array<ArrayBuffer>,
      );
      // § Wrapped keys: the exact AAD strings.
      const wrappedVaultKey = Uint8Array.from(atob(keys.wrappedVaultKey), (char) => char.charCodeAt(0));
      const vaultKey = await aesKey(await openSealed(kek, wrappedVaultKey, `["casedesk-wrapped-key","vault-key",1,"${keys.vaultId}",null]`));
      const dataKeys = new Map<string, CryptoKey>();
      for (const row of await allRows(database, 'dataKeys')) {
        const aad = `["casedesk-wrapped-key","data-key",${String(row.v)},"${String(row.id)}","${String(row.batchId)}"]`;
        dataKeys.set(String(row.id), await aesKey(await openSealed(vaultKey, row.wrapped as Uint8Array, aad)));
      }

      // § Record format v2: AAD, padding, {clear, value} with the clear copy equal to the row's fields.
      const caseRows = await allRows(database, 'cases');
      for (const row of caseRows) {
        const aad = `["casedesk-record","cases","${String(row.id)}",2,"${String(row.k)}"]`;
        const padded = await openSealed(dataKeys.get(String(row.k))!, row.c as Uint8Array, aad);
        const content = unpad(padded);
        expect(padded.length).toBe(padme(content.length + 1));
        const { clear, value } = JSON.parse(new TextDecoder().decode(content)) as { clear: unknown; value: unknown };
        expect(clear).toEqual({ batchId: row.batchId, status: row.status, updatedAt: row.updatedAt });
        expect(value).toEqual(cases.find((caseFile) => caseFile.caseId === row.id));
      }

      // § Audit log: seq from 1, AAD id = the decimal seq, one fixed plaintext size, a hash chain from 64 zeros.
      const auditRows = (await allRows(database, 'auditLog')).sort((a, b) => Number(a.seq) - Number(b.seq));
      expect(auditRows.map((row) => row.seq)).toEqual(auditRows.map((_, index) => index + 1));
      let prevHash = '0'.repeat(64);
      for (const row of auditRows) {
        const padded = await openSealed(dataKeys.get(String(row.k))!, row.c as Uint8Array, `["casedesk-record","auditLog","${String(row.seq)}",2,"${String(row.k)}"]`);
        expect(padded.length).toBe(1024);
        const { clear, value } = JSON.parse(new TextDecoder().decode(unpad(padded))) as { clear: unknown; value: Record<string, unknown> };
        expect(clear).toEqual({ seq: row.seq });
        expect(value.prevHash).toBe(prevHash);
        prevHash = String(value.hash);
      }
      expect(auditRows.length).toBeGreaterThanOrEqual(2);
    } finally {
      database.close();
    }
  });
});
