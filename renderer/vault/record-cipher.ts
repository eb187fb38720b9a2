import { fromUtf8, randomBytes, utf8 } from './byte-encoding';
import { IV_LENGTH_BYTES } from './key-hierarchy';
import { recordTampered, VaultError } from './vault-error';

/**
 * Record format v1: a stored row keeps its clear index fields beside
 *   v: 1            the record format version
 *   k: keyId        which data key sealed it
 *   c: Uint8Array   iv (12 random bytes) ‖ AES-256-GCM(JSON of the sensitive fields) ‖ tag (16)
 * The associated data binds table, primary key, format version and key id, so
 * a ciphertext copied to another row, table or key fails to open.
 */
export const RECORD_FORMAT_VERSION = 1;

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

export async function sealRecord(
  dataKey: DataKey,
  table: string,
  id: string | number,
  sensitive: unknown,
): Promise<SealedEnvelope> {
  const iv = randomBytes(IV_LENGTH_BYTES);
  const plain = utf8(JSON.stringify(sensitive));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: recordAad(table, id, RECORD_FORMAT_VERSION, dataKey.keyId) },
    dataKey.key,
    plain,
  );
  plain.fill(0);
  const c = new Uint8Array(IV_LENGTH_BYTES + sealed.byteLength);
  c.set(iv, 0);
  c.set(new Uint8Array(sealed), IV_LENGTH_BYTES);
  return { v: RECORD_FORMAT_VERSION, k: dataKey.keyId, c };
}

/**
 * Opens one envelope. Any failure (unknown version, missing key, truncated or
 * altered bytes, a ciphertext from another row) is RecordTampered naming the
 * table and id only.
 */
export async function openRecord<Value>(
  findKey: (keyId: string) => CryptoKey | undefined,
  table: string,
  id: string | number,
  envelope: Partial<SealedEnvelope> | undefined,
): Promise<Value> {
  const location = { table, id: String(id) };
  const key = typeof envelope?.k === 'string' ? findKey(envelope.k) : undefined;
  const c = envelope?.c;
  if (!envelope || envelope.v !== RECORD_FORMAT_VERSION || !key || !(c instanceof Uint8Array) || c.length < IV_LENGTH_BYTES + 16) {
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
    return JSON.parse(fromUtf8(plain)) as Value;
  } catch (error) {
    if (error instanceof VaultError) throw error;
    throw recordTampered(location);
  }
}
