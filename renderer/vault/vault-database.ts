import Dexie, { type DexieOptions, type Table } from 'dexie';
import type { SealedEnvelope } from './record-cipher';
import { sealedRowsGuard } from './sealed-rows-guard';
import { VAULT_DATABASE_NAME, VAULT_SCHEMA_VERSIONS, type CaseStatus } from './vault-schema';
import type { KdfParameters } from './key-derivation';

export interface VaultKeysRow {
  readonly name: 'keys';
  readonly formatVersion: number;
  readonly vaultId: string;
  readonly kdf: KdfParameters;
  /** Base64: the wrapped vault key, sealed again by the OS keystore when keyBinding is 'os-keystore'. */
  readonly wrappedVaultKey: string;
  readonly keyBinding: 'os-keystore' | 'none';
  readonly createdAt: number;
  /** How many times the vault key was replaced (passphrase change, batch erase); absent = 0. */
  readonly rotation?: number;
}

export interface UnlockThrottleRow {
  readonly name: 'throttle';
  readonly failedAttempts: number;
  readonly lastFailureAt: number;
  /** Times of failed attempts not yet written to the (encrypted) audit log. */
  readonly pendingFailureTimes: readonly number[];
  /** How many failed unlocks are not yet in the audit log (may exceed the times kept); absent = the times' count. */
  readonly pendingFailureCount?: number;
}

export interface VaultSettingsRow {
  readonly name: 'settings';
  readonly idleLockMinutes: number;
}

export type VaultMetaRow = VaultKeysRow | UnlockThrottleRow | VaultSettingsRow;

export interface DataKeyRow {
  readonly id: string;
  /** The batch this key seals, or `vault` for vault-wide records (audit log). */
  readonly batchId: string;
  readonly v: number;
  readonly wrapped: Uint8Array<ArrayBuffer>;
  readonly createdAt: number;
  /** The vault key rotation it was made under; only keys of the current rotation seal new records. Absent = 0. */
  readonly rotation?: number;
}

export interface SealedCaseRow extends SealedEnvelope {
  readonly id: string;
  readonly batchId: string;
  readonly status: CaseStatus;
  readonly updatedAt: number;
}

export interface SealedAuditRow extends SealedEnvelope {
  readonly seq: number;
}

/** A row of a generic sealed table (sealed-table.ts): its clear index fields and the envelope. */
export type SealedTableRow = SealedEnvelope & { readonly id: string } & Readonly<Record<string, unknown>>;

export class VaultDatabase extends Dexie {
  vaultMeta!: Table<VaultMetaRow, string>;
  dataKeys!: Table<DataKeyRow, string>;
  cases!: Table<SealedCaseRow, string>;
  auditLog!: Table<SealedAuditRow, number>;
  batches!: Table<SealedTableRow, string>;
  caseLinks!: Table<SealedTableRow, string>;
  reviews!: Table<SealedTableRow, string>;
  drafts!: Table<SealedTableRow, string>;
  templates!: Table<SealedTableRow, string>;
  outbox!: Table<SealedTableRow, string>;
  syncState!: Table<SealedTableRow, string>;
  teamAudit!: Table<SealedTableRow, string>;
  pushReceipts!: Table<SealedTableRow, string>;

  constructor(name: string = VAULT_DATABASE_NAME, options?: DexieOptions) {
    super(name, options);
    for (const { version, stores } of VAULT_SCHEMA_VERSIONS) this.version(version).stores(stores);
    this.use(sealedRowsGuard);
  }
}
