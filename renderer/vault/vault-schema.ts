/**
 * The vault's IndexedDB schema, one numbered entry per Dexie version. Never
 * edit a shipped entry: add the next number (with an upgrade function when
 * rows must change) so every laptop can migrate from whatever it holds.
 *
 * Beside the schema, each table declares the only fields a row may carry in
 * clear. The sealed-rows guard (sealed-rows-guard.ts) refuses any write with
 * another field, so a new code path cannot store plaintext by mistake.
 */
export const VAULT_DATABASE_NAME = 'casedesk-vault';

export const VAULT_SCHEMA_VERSIONS = [
  {
    version: 1,
    stores: {
      /** Unlock material and lock settings: salts, KDF parameters, wrapped keys, counters. Never case data. */
      vaultMeta: 'name',
      /** Data keys, each wrapped by the vault key. Deleting a batch's row erases that batch. */
      dataKeys: 'id, batchId',
      cases: 'id, batchId, status, updatedAt',
      auditLog: 'seq',
    },
  },
] as const;

export type VaultTableName = keyof (typeof VAULT_SCHEMA_VERSIONS)[0]['stores'];

/** A clear field's allowed shape: opaque id, enum, number (timestamp / counter), or envelope parts. */
export type ClearFieldKind = 'opaque-id' | 'enum' | 'number' | 'ciphertext' | 'key-material';

const SEALED_ENVELOPE = { v: 'number', k: 'opaque-id', c: 'ciphertext' } as const;

export const CASE_STATUSES = ['unreviewed', 'draft', 'submitted', 'returned'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CLEAR_FIELDS: Record<VaultTableName, Record<string, ClearFieldKind>> = {
  vaultMeta: {
    name: 'opaque-id',
    formatVersion: 'number',
    vaultId: 'opaque-id',
    kdf: 'key-material',
    wrappedVaultKey: 'key-material',
    keyBinding: 'enum',
    createdAt: 'number',
    failedAttempts: 'number',
    lastFailureAt: 'number',
    pendingFailureTimes: 'key-material',
    idleLockMinutes: 'number',
  },
  dataKeys: { id: 'opaque-id', batchId: 'opaque-id', v: 'number', wrapped: 'ciphertext', createdAt: 'number' },
  cases: { id: 'opaque-id', batchId: 'opaque-id', status: 'enum', updatedAt: 'number', ...SEALED_ENVELOPE },
  auditLog: { seq: 'number', ...SEALED_ENVELOPE },
};

/** Rows of sealed tables must carry an envelope; the others hold key material only. */
export const SEALED_TABLES: ReadonlySet<string> = new Set(['cases', 'auditLog']);
