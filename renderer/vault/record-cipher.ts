import { fromUtf8, randomBytes, utf8, utf8Into } from './byte-encoding';
import { IV_LENGTH_BYTES } from './key-hierarchy';
import { padInPlace, paddedPlaintextLength, unpadPlaintext } from './record-padding';
import { recordTampered, recordUnsupported, VaultError } from './vault-error';

/**
 * A stored row keeps its clear index fields beside
 *   v: 1 | 2        the record format version
 *   k: keyId        which data key sealed it
 *   c: Uint8Array   iv (12 random bytes) ‖ AES-256-GCM(plaintext) ‖ tag (16)
 * The associated data binds table, primary key, format version and key id, so
 * a ciphertext copied to another row, table or key fails to open.
 *
 * v1 (legacy, read only): plaintext = UTF-8 JSON of the sensitive value.
 * v2: plaintext = UTF-8 JSON of `{ clear, value }`, padded (record-padding.ts:
 *     audit events to one fixed size, other records to PADMÉ buckets). The
 *     row's clear index fields are sealed too and compared on open, so a
 *     clear field rewritten on disk (a status, a batch id) reports the record
 *     as damaged. Every write is v2.
 * Readers dispatch on `v`: an unknown version is RecordUnsupported, never
 * "tampered", so a newer app's records are not mistaken for an attack.
 */
export const RECORD_FORMAT_VERSION = 1;
export const RECORD_FORMAT_WITH_CLEAR_COPY = 2;
const KNOWN_FORMAT_VERSIONS: ReadonlySet<number> = new Set([RECORD_FORMAT_VERSION, RECORD_FORMAT_WITH_CLEAR_COPY]);

/** Clear index fields of a v2 row: what IndexedDB indexes, sealed again inside. */
export type ClearFields = Readonly<Record<string, string | number>>;

export interface SealedEnvelope {
  readonly v: number;
  readonly k: string;
  readonly c: Uint8Array<ArrayBuffer>;
}

export interface DataKey {
  readonly keyId: string;
  readonly key: CryptoKey;
}

export function recordAad(table: string, id: string | number, formatVersion: number, keyId: string): Uint8Array<ArrayBuffer> {
  return utf8(JSON.stringify(['casedesk-record', table, String(id), formatVersion, keyId]));
}

/**
 * Format v1, unpadded. The vault no longer writes it; it stays so tests can
 * make the legacy rows that readers must still open.
 */
export function sealRecord(
  dataKey: DataKey,
  table: string,
  id: string | number,
  sensitive: unknown,
): Promise<SealedEnvelope> {
  return sealPlaintext(dataKey, table, id, RECORD_FORMAT_VERSION, utf8(JSON.stringify(sensitive)));
}

/** Format v2: the value and a copy of the row's clear fields, padded; checked by openRecordWithClearCopy. */
export async function sealRecordWithClearCopy(
  dataKey: DataKey,
  table: string,
  id: string | number,
  clear: ClearFields,
  value: unknown,
): Promise<SealedEnvelope> {
  const [envelope] = await sealRecordsWithClearCopy(table, [{ dataKey, id, clear, value }]);
  return envelope!;
}

export interface RecordToSeal {
  readonly dataKey: DataKey;
  readonly id: string | number;
  readonly clear: ClearFields;
  readonly value: unknown;
}

/**
 * Format v2 for many records of one table (a page of cases, a sync page),
 * the same bytes as sealing each alone. The per-record cost is kept to the
 * JSON, its UTF-8 and the encryption: the UTF-8 goes straight into one
 * scratch buffer and is padded there, and every IV comes from one draw of
 * random bytes. WebCrypto takes a copy of its input before `encrypt`
 * returns (Web Cryptography API, encrypt() step 2: "a copy of the bytes
 * held by the data parameter"), so the scratch is zeroed and reused for the
 * next record at once, and the plaintext lives in one buffer, not in a
 * buffer per record awaiting collection.
 */
export async function sealRecordsWithClearCopy(table: string, records: readonly RecordToSeal[]): Promise<SealedEnvelope[]> {
  const ivs = randomBytes(records.length * IV_LENGTH_BYTES);
  const sealing: Promise<ArrayBuffer>[] = [];
  // Sized by the first record, grown (at least doubling) for a larger one.
  let scratch = new Uint8Array(0);
  try {
    for (const [index, record] of records.entries()) {
      const text = JSON.stringify({ clear: record.clear, value: record.value });
      // Room for the worst-case UTF-8 (3 bytes per code unit) and its padding; the scratch is all zeros here.
      const needed = paddedPlaintextLength(table, text.length * 3);
      if (scratch.length < needed) scratch = new Uint8Array(Math.max(needed, scratch.length * 2));
      const contentLength = utf8Into(text, scratch);
      const paddedLength = padInPlace(table, scratch, contentLength);
      sealing.push(
        crypto.subtle.encrypt(
          {
            name: 'AES-GCM',
            iv: ivs.subarray(index * IV_LENGTH_BYTES, (index + 1) * IV_LENGTH_BYTES),
            additionalData: recordAad(table, record.id, RECORD_FORMAT_WITH_CLEAR_COPY, record.dataKey.keyId),
          },
          record.dataKey.key,
          scratch.subarray(0, paddedLength),
        ),
      );
      scratch.fill(0, 0, contentLength + 1);
    }
  } catch (error) {
    scratch.fill(0);
    // Those already started are not awaited: keep their failures from going unhandled.
    void Promise.allSettled(sealing);
    throw error;
  }
  const sealed = await Promise.all(sealing);
  return sealed.map((ciphertext, index) =>
    envelopeOf(RECORD_FORMAT_WITH_CLEAR_COPY, records[index]!.dataKey.keyId, ivs.subarray(index * IV_LENGTH_BYTES), ciphertext),
  );
}

/** Encrypts `plain` and zeroes it. */
async function sealPlaintext(
  dataKey: DataKey,
  table: string,
  id: string | number,
  formatVersion: number,
  plain: Uint8Array<ArrayBuffer>,
): Promise<SealedEnvelope> {
  const iv = randomBytes(IV_LENGTH_BYTES);
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: recordAad(table, id, formatVersion, dataKey.keyId) },
    dataKey.key,
    plain,
  );
  plain.fill(0);
  return envelopeOf(formatVersion, dataKey.keyId, iv, sealed);
}

/** `c` = iv ‖ ciphertext ‖ tag, in a buffer of its own (IndexedDB stores a view's whole buffer). */
function envelopeOf(formatVersion: number, keyId: string, iv: Uint8Array, ciphertext: ArrayBuffer): SealedEnvelope {
  const c = new Uint8Array(IV_LENGTH_BYTES + ciphertext.byteLength);
  c.set(iv.subarray(0, IV_LENGTH_BYTES), 0);
  c.set(new Uint8Array(ciphertext), IV_LENGTH_BYTES);
  return { v: formatVersion, k: keyId, c };
}

/**
 * Opens a v1 envelope. An unknown format version is RecordUnsupported; any
 * other failure (missing key, truncated or altered bytes, a ciphertext from
 * another row, a v2 record where v1 is expected) is RecordTampered naming the
 * table and id only.
 */
export async function openRecord<Value>(
  findKey: (keyId: string) => CryptoKey | undefined,
  table: string,
  id: string | number,
  envelope: Partial<SealedEnvelope> | undefined,
): Promise<Value> {
  const opened = await openAnyVersion(findKey, table, id, envelope);
  if (opened.formatVersion !== RECORD_FORMAT_VERSION) throw recordTampered({ table, id: String(id) });
  return opened.content as Value;
}

/**
 * Opens a record of either version and returns its value: a v1 record is the
 * value itself (rows written before v2 existed); a v2 record's sealed copy of
 * the clear fields must equal the row's own, field for field.
 */
export async function openRecordWithClearCopy<Value>(
  findKey: (keyId: string) => CryptoKey | undefined,
  table: string,
  id: string | number,
  envelope: Partial<SealedEnvelope> | undefined,
  rowClear: ClearFields,
): Promise<Value> {
  const location = { table, id: String(id) };
  const opened = await openAnyVersion(findKey, table, id, envelope);
  if (opened.formatVersion === RECORD_FORMAT_VERSION) return opened.content as Value;
  const content = opened.content as { clear?: unknown; value?: unknown } | null;
  if (typeof content !== 'object' || content === null || typeof content.clear !== 'object' || content.clear === null) {
    throw recordTampered(location);
  }
  const sealedClear = content.clear as Record<string, unknown>;
  const sealedKeys = Object.keys(sealedClear);
  if (sealedKeys.length !== Object.keys(rowClear).length) throw recordTampered(location);
  for (const field of sealedKeys) {
    if (sealedClear[field] !== rowClear[field]) throw recordTampered(location);
  }
  return content.value as Value;
}

async function openAnyVersion(
  findKey: (keyId: string) => CryptoKey | undefined,
  table: string,
  id: string | number,
  envelope: Partial<SealedEnvelope> | undefined,
): Promise<{ formatVersion: number; content: unknown }> {
  const location = { table, id: String(id) };
  if (envelope && typeof envelope.v === 'number' && !KNOWN_FORMAT_VERSIONS.has(envelope.v)) {
    throw recordUnsupported(location);
  }
  const key = typeof envelope?.k === 'string' ? findKey(envelope.k) : undefined;
  const c = envelope?.c;
  if (!envelope || typeof envelope.v !== 'number' || !key || !(c instanceof Uint8Array) || c.length < IV_LENGTH_BYTES + 16) {
    throw recordTampered(location);
  }
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: c.subarray(0, IV_LENGTH_BYTES), additionalData: recordAad(table, id, envelope.v, envelope.k!) },
      key,
      c.subarray(IV_LENGTH_BYTES),
    );
  } catch {
    throw recordTampered(location);
  }
  try {
    const bytes = new Uint8Array(plain);
    const content = envelope.v === RECORD_FORMAT_VERSION ? bytes : unpadPlaintext(bytes);
    if (!content) throw recordTampered(location);
    return { formatVersion: envelope.v, content: JSON.parse(fromUtf8(content)) };
  } catch (error) {
    if (error instanceof VaultError) throw error;
    throw recordTampered(location);
  }
}
