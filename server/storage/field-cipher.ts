import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { StorageError } from './storage';

/**
 * Application-level encryption of the columns that hold case content and
 * review text (docs/server-encryption.md). AES-256-GCM under a server key kept
 * outside the database; the AAD binds the table and column, the row's id,
 * the key id and the format version, so a value copied to another row,
 * column or key id does not open.
 *
 * Stored form: `cdx1.<keyId>.<iv, 12 bytes>.<ciphertext and 16-byte tag>`, base64url.
 */
export const SEALED_PREFIX = 'cdx1.';
const FORMAT = 'cdx1';

export interface ServerKeys {
  /** The key new values are sealed under. */
  readonly currentKeyId: string;
  /** Every key a stored value may still be under (the current one and, during rotation, older ones). */
  readonly keys: ReadonlyMap<string, Buffer>;
  /** Keys the HMAC that makes person ids matchable without being stored: never rotated (see the docs). */
  readonly personIndexKey: Buffer;
}

/** Where a sealed value lives: its table.column and its row's id. */
export type SealedColumn =
  | 'cases.content'
  | 'cases.reference'
  | 'cases.linked_references'
  | 'review_versions.answers'
  | 'reviews.qc_comment'
  | 'qc_decisions.comment'
  | 'applied_mutations.result'
  | 'audit_events.event';

/** A stored value that does not open: wrong key, moved or changed. Never carries the value. */
export class SealedValueError extends Error {
  constructor(readonly column: SealedColumn, reason: string) {
    super(`a stored ${column} value ${reason}`);
    this.name = 'SealedValueError';
  }
}

export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

function aad(column: SealedColumn, rowId: string, keyId: string): Buffer {
  // JSON: no separator in an id can make two different triples read the same.
  return Buffer.from(JSON.stringify([FORMAT, column, rowId, keyId]), 'utf8');
}

export class FieldCipher {
  constructor(private readonly keys: ServerKeys) {
    if (!keys.keys.has(keys.currentKeyId)) throw new Error('the current server key id has no key');
    for (const key of [...keys.keys.values(), keys.personIndexKey]) if (key.length !== 32) throw new Error('a server key is not 32 bytes');
  }

  get currentKeyId(): string {
    return this.keys.currentKeyId;
  }

  seal(column: SealedColumn, rowId: string, plaintext: string): string {
    // The drivers refuse NUL in text (PostgreSQL cannot store it); sealed, it would slip past them.
    if (plaintext.includes('\u0000')) throw new StorageError('invalid_text', 'text may not contain the NUL character');
    const keyId = this.keys.currentKeyId;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.keys.get(keyId)!, iv);
    cipher.setAAD(aad(column, rowId, keyId));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${SEALED_PREFIX}${keyId}.${iv.toString('base64url')}.${body.toString('base64url')}`;
  }

  sealNullable(column: SealedColumn, rowId: string, plaintext: string | null): string | null {
    return plaintext === null ? null : this.seal(column, rowId, plaintext);
  }

  open(column: SealedColumn, rowId: string, stored: string): string {
    const parts = stored.split('.');
    if (parts.length !== 4 || parts[0] !== FORMAT) throw new SealedValueError(column, 'is not sealed (run init to seal a database from before encryption)');
    const [, keyId, ivText, bodyText] = parts as [string, string, string, string];
    const key = this.keys.keys.get(keyId);
    if (!key) throw new SealedValueError(column, `is under key id ${keyId.slice(0, 32)}, which the key file does not hold`);
    const iv = Buffer.from(ivText, 'base64url');
    const body = Buffer.from(bodyText, 'base64url');
    if (iv.length !== 12 || body.length < 16) throw new SealedValueError(column, 'is malformed');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(aad(column, rowId, keyId));
      decipher.setAuthTag(body.subarray(body.length - 16));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
    } catch {
      throw new SealedValueError(column, 'does not open: changed, moved to another row, or under another key');
    }
  }

  openNullable(column: SealedColumn, rowId: string, stored: string | null): string | null {
    return stored === null ? null : this.open(column, rowId, stored);
  }

  /** The key id a stored value is under, or null when it is not sealed. */
  static keyIdOf(stored: string): string | null {
    const parts = stored.split('.');
    return parts.length === 4 && parts[0] === FORMAT ? parts[1]! : null;
  }

  /**
   * A person id as stored in `person_links`: HMAC-SHA256 under the person index key, hex.
   * Equal ids give equal tags, so the join that finds linked cases still works; the id
   * itself is not in the database, and without the key a guessed id cannot be tested.
   */
  personTag(personId: string): string {
    return createHmac('sha256', this.keys.personIndexKey).update(personId, 'utf8').digest('hex');
  }
}

/** New random keys: for `init`, and for tests and in-process tools (never persisted there). */
export function generateServerKeys(keyId = 'k1'): ServerKeys {
  return { currentKeyId: keyId, keys: new Map([[keyId, randomBytes(32)]]), personIndexKey: randomBytes(32) };
}
