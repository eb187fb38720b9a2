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
  {
    // Sync (issue #7): what the endpoint sends and what waits to go to it.
    version: 2,
    stores: {
      vaultMeta: 'name',
      dataKeys: 'id, batchId',
      cases: 'id, batchId, status, updatedAt',
      auditLog: 'seq',
      /** Batches assigned to this user (or, for a lead, to the team). */
      batches: 'id, batchId',
      /** Per case: other cases' references sharing a person (`linkedReferences`). */
      caseLinks: 'id, batchId',
      /** Per case: the server's review state, this device's pending submission, a conflict. */
      reviews: 'id, batchId, status',
      /** Per case: the reviewer's unsubmitted answers. */
      drafts: 'id, batchId, updatedAt',
      /** Review templates by `templateId@version`. */
      templates: 'id',
      /** Mutations waiting for the endpoint, pushed in `order`. */
      outbox: 'id, batchId, order, state, [state+order]',
      /** Pull cursor, device credentials, audit upload position, last sync. */
      syncState: 'id',
    },
  },
  {
    // Audit viewer (issue #9): a lead's copy of the team's audit events, so it can be read offline.
    version: 3,
    stores: {
      vaultMeta: 'name',
      dataKeys: 'id, batchId',
      cases: 'id, batchId, status, updatedAt',
      auditLog: 'seq',
      batches: 'id, batchId',
      caseLinks: 'id, batchId',
      reviews: 'id, batchId, status',
      drafts: 'id, batchId, updatedAt',
      templates: 'id',
      outbox: 'id, batchId, order, state, [state+order]',
      syncState: 'id',
      /** Lead devices: the team's audit events as the endpoint holds them, one row per device and chain position. */
      teamAudit: 'id, deviceId',
    },
  },
  {
    // Push receipts (issue #7): the endpoint's acceptance of a pushed page, one row per commit.
    version: 4,
    stores: {
      vaultMeta: 'name',
      dataKeys: 'id, batchId',
      cases: 'id, batchId, status, updatedAt',
      auditLog: 'seq',
      batches: 'id, batchId',
      caseLinks: 'id, batchId',
      reviews: 'id, batchId, status',
      drafts: 'id, batchId, updatedAt',
      templates: 'id',
      outbox: 'id, batchId, order, state, [state+order]',
      syncState: 'id',
      teamAudit: 'id, deviceId',
      /**
       * Submissions the endpoint accepted (case, mutation, version), written
       * with the outbox removal instead of re-sealing each review; folded into
       * the reviews as they are read, and into the stored reviews after a sync run.
       */
      pushReceipts: 'id',
    },
  },
] as const;

type LatestSchema = (typeof VAULT_SCHEMA_VERSIONS)[3]['stores'];
export type VaultTableName = keyof LatestSchema;

/**
 * Which data key seals each table's records. `batch`: the batch's own key, so
 * erasing a batch (deleting its key) makes all of them unreadable at once;
 * such rows carry `batchId` in clear. `vault`: the vault-wide key (records that
 * outlive a batch: outbox entries the server has not accepted, credentials).
 */
export const SEALED_TABLE_SCOPES = {
  cases: 'batch',
  batches: 'batch',
  caseLinks: 'batch',
  reviews: 'batch',
  drafts: 'batch',
  templates: 'vault',
  outbox: 'vault',
  syncState: 'vault',
  teamAudit: 'vault',
  pushReceipts: 'vault',
} as const;
export type SealedTableName = keyof typeof SEALED_TABLE_SCOPES;

/**
 * A clear field's allowed shape (sealed-rows-guard.ts checks each exactly):
 * - `opaque-id`       string of [A-Za-z0-9_-], 1–64 characters
 * - `enum`            string of [a-z-], 1–32 characters
 * - `number`          finite number (timestamp in ms, counter, version)
 * - `ciphertext`      Uint8Array (an envelope's `c`, a wrapped data key)
 * - `kdf-parameters`  exactly {algorithm: 'argon2id', memoryKiB, iterations, parallelism: positive integers, salt: base64 of 16 bytes}
 * - `wrapped-key-base64` standard base64 (with padding), 80–4096 characters: a wrapped vault key, perhaps keystore-sealed
 * - `timestamp-list`  array of at most 100 non-negative integers (failed-unlock times, ms)
 */
export type ClearFieldKind =
  | 'opaque-id'
  | 'enum'
  | 'number'
  | 'ciphertext'
  | 'kdf-parameters'
  | 'wrapped-key-base64'
  | 'timestamp-list';

const SEALED_ENVELOPE = { v: 'number', k: 'opaque-id', c: 'ciphertext' } as const;

/** A case as the reviewer sees it: `submitted` includes outcomes still waiting to reach the endpoint. */
export const CASE_STATUSES = ['unreviewed', 'draft', 'submitted', 'returned', 'approved', 'conflict'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/**
 * Where a case's review stands on this device: `pending` = submitted here,
 * not yet accepted by the endpoint; `conflict` = the endpoint holds a newer
 * version than the one this device's change was based on.
 */
export const REVIEW_STATUSES = ['pending', 'submitted', 'approved', 'returned', 'conflict', 'rejected'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const CLEAR_FIELDS: Record<VaultTableName, Record<string, ClearFieldKind>> = {
  vaultMeta: {
    name: 'opaque-id',
    formatVersion: 'number',
    vaultId: 'opaque-id',
    kdf: 'kdf-parameters',
    wrappedVaultKey: 'wrapped-key-base64',
    keyBinding: 'enum',
    createdAt: 'number',
    failedAttempts: 'number',
    lastFailureAt: 'number',
    pendingFailureTimes: 'timestamp-list',
    pendingFailureCount: 'number',
    idleLockMinutes: 'number',
    rotation: 'number',
  },
  dataKeys: { id: 'opaque-id', batchId: 'opaque-id', v: 'number', wrapped: 'ciphertext', createdAt: 'number', rotation: 'number' },
  cases: { id: 'opaque-id', batchId: 'opaque-id', status: 'enum', updatedAt: 'number', ...SEALED_ENVELOPE },
  auditLog: { seq: 'number', ...SEALED_ENVELOPE },
  batches: { id: 'opaque-id', batchId: 'opaque-id', ...SEALED_ENVELOPE },
  caseLinks: { id: 'opaque-id', batchId: 'opaque-id', ...SEALED_ENVELOPE },
  reviews: { id: 'opaque-id', batchId: 'opaque-id', status: 'enum', ...SEALED_ENVELOPE },
  drafts: { id: 'opaque-id', batchId: 'opaque-id', updatedAt: 'number', ...SEALED_ENVELOPE },
  templates: { id: 'opaque-id', ...SEALED_ENVELOPE },
  outbox: { id: 'opaque-id', batchId: 'opaque-id', order: 'number', state: 'enum', ...SEALED_ENVELOPE },
  syncState: { id: 'opaque-id', ...SEALED_ENVELOPE },
  teamAudit: { id: 'opaque-id', deviceId: 'opaque-id', position: 'number', ...SEALED_ENVELOPE },
  pushReceipts: { id: 'opaque-id', ...SEALED_ENVELOPE },
};

/** Rows of sealed tables must carry an envelope; the others hold key material only. */
export const SEALED_TABLES: ReadonlySet<string> = new Set(['cases', 'auditLog', ...Object.keys(SEALED_TABLE_SCOPES)]);
