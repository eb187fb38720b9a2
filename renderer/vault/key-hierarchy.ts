import { randomBytes, utf8 } from './byte-encoding';

/**
 * The key hierarchy: KEK (from the passphrase) wraps the vault key; the vault
 * key wraps one data key per batch (and one for vault-wide records such as the
 * audit log). Every key is AES-256-GCM. Keys in memory are non-extractable
 * CryptoKeys; raw bytes exist only for the moment of import and are zeroed.
 *
 * A wrapped key is `iv (12 bytes) ‖ AES-GCM(ciphertext ‖ 16-byte tag)` with
 * associated data naming what the key is, so a wrapped data key cannot be
 * passed off as the vault key or as another batch's key.
 */
export const KEY_LENGTH_BYTES = 32;
/** `formatVersion` in a data key's wrap AAD, stored as the key row's `v`. */
export const DATA_KEY_WRAP_VERSION = 1;
export const IV_LENGTH_BYTES = 12;

export function generateRawKey(): Uint8Array<ArrayBuffer> {
  return randomBytes(KEY_LENGTH_BYTES);
}

/** Imports raw key bytes as a non-extractable AES-256-GCM key and zeroes the bytes. */
export async function importAesKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  try {
    return await crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
  } finally {
    raw.fill(0);
  }
}

/** AAD for a wrapped key: what it is, the format version, its id and (data keys) the batch it seals. */
export function keyWrapAad(
  purpose: 'vault-key' | 'data-key',
  formatVersion: number,
  keyId: string,
  batchId: string | null = null,
): Uint8Array<ArrayBuffer> {
  return utf8(JSON.stringify(['casedesk-wrapped-key', purpose, formatVersion, keyId, batchId]));
}

/** Encrypts raw key bytes under a wrapping key. Does not zero `raw`: the caller may still need it. */
export async function wrapKeyBytes(
  wrappingKey: CryptoKey,
  raw: Uint8Array<ArrayBuffer>,
  aad: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer>> {
  const iv = randomBytes(IV_LENGTH_BYTES);
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad }, wrappingKey, raw),
  );
  const wrapped = new Uint8Array(IV_LENGTH_BYTES + sealed.length);
  wrapped.set(iv, 0);
  wrapped.set(sealed, IV_LENGTH_BYTES);
  return wrapped;
}

/** Opens a wrapped key to raw bytes; rejects (OperationError) on a wrong key or altered bytes. */
export async function unwrapKeyBytes(
  wrappingKey: CryptoKey,
  wrapped: Uint8Array<ArrayBuffer>,
  aad: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer>> {
  const raw = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: wrapped.subarray(0, IV_LENGTH_BYTES), additionalData: aad },
    wrappingKey,
    wrapped.subarray(IV_LENGTH_BYTES),
  );
  return new Uint8Array(raw);
}

export async function unwrapKey(
  wrappingKey: CryptoKey,
  wrapped: Uint8Array<ArrayBuffer>,
  aad: Uint8Array<ArrayBuffer>,
): Promise<CryptoKey> {
  return importAesKey(await unwrapKeyBytes(wrappingKey, wrapped, aad));
}
