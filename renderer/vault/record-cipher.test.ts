import { describe, expect, it } from 'vitest';
import { bytesToHex } from './byte-encoding';
import { generateRawKey, importAesKey } from './key-hierarchy';
import { openRecord, openRecordWithClearCopy, sealRecord, sealRecordsWithClearCopy, sealRecordWithClearCopy, type DataKey } from './record-cipher';
import { isVaultError } from './vault-error';

async function dataKey(keyId: string): Promise<DataKey> {
  return { keyId, key: await importAesKey(generateRawKey()) };
}

const sensitive = { reference: 'OP-2011-00042', summary: 'Fictional text' };

describe('record cipher (AES-256-GCM, AAD = table + id + format version + key id)', () => {
  it('opens what it sealed', async () => {
    const key = await dataKey('dk-a');
    const envelope = await sealRecord(key, 'cases', 'case-1', sensitive);
    expect(envelope).toMatchObject({ v: 1, k: 'dk-a' });
    expect(await openRecord(() => key.key, 'cases', 'case-1', envelope)).toEqual(sensitive);
  });

  it('refuses a ciphertext moved to another id, another table or labelled with another key id', async () => {
    const key = await dataKey('dk-a');
    const envelope = await sealRecord(key, 'cases', 'case-1', sensitive);
    const attempts = [
      () => openRecord(() => key.key, 'cases', 'case-2', envelope),
      () => openRecord(() => key.key, 'auditLog', 'case-1', envelope),
      () => openRecord(() => key.key, 'cases', 'case-1', { ...envelope, k: 'dk-b' }),
    ];
    for (const attempt of attempts) {
      const failure = await attempt().catch((error: unknown) => error);
      expect(isVaultError(failure, 'RecordTampered')).toBe(true);
    }
    const moved = await openRecord(() => key.key, 'cases', 'case-2', envelope).catch((error: unknown) => error);
    expect(moved).toMatchObject({ record: { table: 'cases', id: 'case-2' } });
    expect(String((moved as Error).message)).not.toContain('OP-2011');
  });

  it('refuses a flipped byte, a truncated ciphertext, a wrong key and an unknown format version', async () => {
    const key = await dataKey('dk-a');
    const other = await dataKey('dk-a');
    const envelope = await sealRecord(key, 'cases', 'case-1', sensitive);
    const flipped = new Uint8Array(envelope.c);
    flipped[20]! ^= 0x01;
    const cases = [
      () => openRecord(() => key.key, 'cases', 'case-1', { ...envelope, c: flipped }),
      () => openRecord(() => key.key, 'cases', 'case-1', { ...envelope, c: envelope.c.slice(0, 20) }),
      () => openRecord(() => other.key, 'cases', 'case-1', envelope),
      () => openRecord(() => key.key, 'cases', 'case-1', { ...envelope, v: 2 }),
      () => openRecord(() => undefined, 'cases', 'case-1', envelope),
    ];
    for (const attempt of cases) {
      expect(isVaultError(await attempt().catch((error: unknown) => error), 'RecordTampered')).toBe(true);
    }
  });

  it('never repeats a nonce over 100,000 encryptions', async () => {
    const key = await dataKey('dk-a');
    const seen = new Set<string>();
    const total = 100_000;
    for (let start = 0; start < total; start += 5_000) {
      const envelopes = await Promise.all(
        Array.from({ length: 5_000 }, (_, index) => sealRecord(key, 'cases', `case-${start + index}`, { n: 1 })),
      );
      for (const envelope of envelopes) seen.add(bytesToHex(envelope.c.subarray(0, 12)));
    }
    expect(seen.size).toBe(total);
  });

  it('seals many records at once exactly as it seals each alone, each under its own key, id and IV', async () => {
    const keys = [await dataKey('dk-a'), await dataKey('dk-b')];
    // Small, then ones that make the scratch grow (multi-byte UTF-8, 200 KB), then small again.
    const values = [
      sensitive,
      { summary: 'é'.repeat(30_000) },
      { summary: '𝄞 Łódź'.repeat(2_000) },
      { summary: 'x'.repeat(200_000) },
      { n: 1 },
    ];
    const records = values.map((value, index) => ({ dataKey: keys[index % 2]!, id: `case-${index}`, clear: { batchId: 'b-1' }, value }));
    const envelopes = await sealRecordsWithClearCopy('cases', records);
    const singles = await Promise.all(records.map((record) => sealRecordWithClearCopy(record.dataKey, 'cases', record.id, record.clear, record.value)));
    for (const [index, envelope] of envelopes.entries()) {
      const record = records[index]!;
      expect(envelope).toMatchObject({ v: 2, k: record.dataKey.keyId });
      expect(envelope.c.length).toBe(singles[index]!.c.length);
      expect(envelope.c.byteOffset).toBe(0);
      expect(envelope.c.buffer.byteLength).toBe(envelope.c.length);
      const opened = await openRecordWithClearCopy((keyId) => (keyId === record.dataKey.keyId ? record.dataKey.key : undefined), 'cases', record.id, envelope, record.clear);
      expect(opened).toEqual(record.value);
    }
    expect(new Set(envelopes.map((envelope) => bytesToHex(envelope.c.subarray(0, 12)))).size).toBe(envelopes.length);
  });
});
