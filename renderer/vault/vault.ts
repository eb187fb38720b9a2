import type { CaseFile } from '../../shared/domain/case-file';
import { chainAuditEvent, type AuditEvent, type AuditEventContent, type LockReason } from './audit-event';
import { bytesToHex, randomBytes } from './byte-encoding';
import { DATA_KEY_WRAP_VERSION, generateRawKey, importAesKey, keyWrapAad, unwrapKey, wrapKeyBytes } from './key-hierarchy';
import { openRecordWithClearCopy, sealRecordWithClearCopy } from './record-cipher';
import { SealedTable, type SealedEntry, type SealingKeys, type VaultWrite } from './sealed-table';
import { clampIdleLockMinutes, IDLE_LOCK_MINUTES_RANGE, isAllowedIdleLockMinutes } from './idle-lock';
import { NO_FAILURES, nextAttemptAllowedAt, recordFailure } from './unlock-throttle';
import type {
  DataKeyRow,
  SealedAuditRow,
  UnlockThrottleRow,
  VaultDatabase,
  VaultKeysRow,
  VaultSettingsRow,
} from './vault-database';
import { VaultError, isQuotaExceeded, type RecordLocation } from './vault-error';
import { createVaultKeys, openVaultKeyRaisingKdf, rewrapVaultKey, type KeyringDependencies } from './vault-keyring';
import { SEALED_TABLE_SCOPES, type CaseStatus, type SealedTableName, type VaultTableName } from './vault-schema';

export const MIN_PASSPHRASE_LENGTH = 12;
/** The data key of vault-wide records (the audit log); batches get their own. */
export const VAULT_SCOPE = 'vault';

export interface VaultDependencies extends KeyringDependencies {
  readonly db: VaultDatabase;
  readonly now?: () => number;
}

export type VaultPresence = 'missing' | 'present';

export interface StoredCase {
  readonly caseFile: CaseFile;
  readonly batchId: string;
  readonly status: CaseStatus;
  readonly updatedAt: number;
}

/** Clear index fields of a case row. */
export type CaseClearFields = { readonly batchId: string; readonly status: CaseStatus; readonly updatedAt: number };

/** Everything readable, plus the records that failed to open (named, never shown). */
export interface CaseListing {
  readonly cases: readonly StoredCase[];
  readonly damaged: readonly RecordLocation[];
}

interface UnlockedKeys {
  readonly vaultKey: CryptoKey;
  readonly dataKeys: Map<string, CryptoKey>;
  /** keyId of each batch's data key. */
  readonly batchKeyIds: Map<string, string>;
  lastAudit: Pick<AuditEvent, 'seq' | 'hash'> | null;
}

const OPAQUE_ID = /^[A-Za-z0-9_-]{1,64}$/;

function toStoredCase(entry: SealedEntry<CaseFile, CaseClearFields>): StoredCase {
  return { caseFile: entry.value, batchId: entry.clear.batchId, status: entry.clear.status, updatedAt: entry.clear.updatedAt };
}

/**
 * The vault: the one API through which case data is written and read (the
 * import feature today, the sync engine later). Records are sealed before a
 * transaction opens and opened after it completes: WebCrypto is async and an
 * IndexedDB transaction auto-commits while it waits.
 */
export class Vault {
  private keys: UnlockedKeys | null = null;
  /** Raised by every lock, so an unlock still deriving when a lock arrives does not open the vault after it. */
  private lockEpoch = 0;
  private auditTail: Promise<unknown> = Promise.resolve();
  private readonly db: VaultDatabase;
  private readonly now: () => number;

  constructor(private readonly deps: VaultDependencies) {
    this.db = deps.db;
    this.now = deps.now ?? Date.now;
  }

  async presence(): Promise<VaultPresence> {
    return (await this.db.vaultMeta.get('keys')) ? 'present' : 'missing';
  }

  isUnlocked(): boolean {
    return this.keys !== null;
  }

  async keyBinding(): Promise<VaultKeysRow['keyBinding'] | null> {
    const row = (await this.db.vaultMeta.get('keys')) as VaultKeysRow | undefined;
    return row?.keyBinding ?? null;
  }

  /** Creates the vault and leaves it unlocked. */
  async create(passphrase: string): Promise<{ keyBinding: VaultKeysRow['keyBinding'] }> {
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
      throw new VaultError('PassphraseTooWeak', `A passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters`);
    }
    const epoch = this.lockEpoch;
    if ((await this.presence()) === 'present') throw new VaultError('VaultExists', 'A vault already exists here');
    const { row, vaultKey } = await createVaultKeys(passphrase, this.deps, this.now());
    const vaultDataKey = await this.newDataKey(vaultKey, VAULT_SCOPE);
    await this.write(() =>
      this.db.transaction('rw', this.db.vaultMeta, this.db.dataKeys, async () => {
        await this.db.vaultMeta.add(row);
        await this.db.dataKeys.add(vaultDataKey.row);
      }),
    );
    if (epoch !== this.lockEpoch) throw new VaultError('VaultLocked', 'The vault was locked while it was being created');
    this.keys = {
      vaultKey,
      dataKeys: new Map([[vaultDataKey.row.id, vaultDataKey.key]]),
      batchKeyIds: new Map([[VAULT_SCOPE, vaultDataKey.row.id]]),
      lastAudit: null,
    };
    await this.appendAudit({ kind: 'vault-created', at: this.isoNow() });
    return { keyBinding: row.keyBinding };
  }

  async unlock(passphrase: string): Promise<void> {
    const epoch = this.lockEpoch;
    const [keysRow, storedThrottle] = await Promise.all([
      this.db.vaultMeta.get('keys') as Promise<VaultKeysRow | undefined>,
      this.db.vaultMeta.get('throttle') as Promise<UnlockThrottleRow | undefined>,
    ]);
    if (!keysRow) throw new VaultError('VaultMissing', 'There is no vault on this computer yet');
    const throttle = storedThrottle ?? NO_FAILURES;
    const allowedAt = nextAttemptAllowedAt(throttle);
    if (this.now() < allowedAt) {
      throw new VaultError('UnlockThrottled', 'Too many wrong passphrases: wait before trying again', undefined, allowedAt);
    }

    let vaultKey: CryptoKey;
    let upgradedRow: VaultKeysRow | null;
    try {
      ({ vaultKey, upgradedRow } = await openVaultKeyRaisingKdf(passphrase, keysRow, this.deps));
    } catch (error) {
      if (!(error instanceof VaultError) || error.code !== 'WrongPassphrase') throw error;
      const failed = recordFailure(throttle, this.now());
      await this.db.vaultMeta.put(failed);
      const retryAt = nextAttemptAllowedAt(failed);
      throw new VaultError('WrongPassphrase', error.message, undefined, retryAt || undefined);
    }

    const keys: UnlockedKeys = { vaultKey, dataKeys: new Map(), batchKeyIds: new Map(), lastAudit: null };
    const keyRows = await this.db.dataKeys.toArray();
    await Promise.all(
      keyRows.map(async (row) => {
        try {
          const key = await unwrapKey(vaultKey, row.wrapped, keyWrapAad('data-key', row.v, row.id, row.batchId));
          keys.dataKeys.set(row.id, key);
          keys.batchKeyIds.set(row.batchId, row.id);
        } catch {
          // A damaged key row: its records will report RecordTampered; every other batch still opens.
        }
      }),
    );
    keys.lastAudit = await this.readAuditTail(keys);
    if (epoch !== this.lockEpoch) throw new VaultError('VaultLocked', 'The vault was locked while it was being unlocked');
    this.keys = keys;

    for (const at of throttle.pendingFailureTimes) {
      await this.appendAudit({ kind: 'vault-unlock-failed', at: new Date(at).toISOString() });
    }
    await this.appendAudit({ kind: 'vault-unlocked', at: this.isoNow() });
    await this.db.vaultMeta.put(NO_FAILURES);
    if (upgradedRow) await this.write(() => this.db.vaultMeta.put(upgradedRow));
  }

  /**
   * Drops every key at once (synchronously, before anything is awaited), then
   * records the lock in the audit log with the keys it captured for that one write.
   */
  lock(reason: LockReason): Promise<void> {
    const keys = this.keys;
    this.keys = null;
    this.lockEpoch++;
    if (!keys) return Promise.resolve();
    return this.appendAuditWith(keys, { kind: 'vault-locked', at: this.isoNow(), reason }).catch(() => undefined);
  }

  async changePassphrase(currentPassphrase: string, nextPassphrase: string): Promise<void> {
    this.requireKeys();
    if (nextPassphrase.length < MIN_PASSPHRASE_LENGTH) {
      throw new VaultError('PassphraseTooWeak', `A passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters`);
    }
    const row = (await this.db.vaultMeta.get('keys')) as VaultKeysRow;
    const next = await rewrapVaultKey(currentPassphrase, nextPassphrase, row, this.deps);
    await this.write(() => this.db.vaultMeta.put(next));
    await this.appendAudit({ kind: 'vault-passphrase-changed', at: this.isoNow() });
  }

  /** The generic sealed table `name` (sealed-table.ts); every method needs the vault unlocked. */
  table<Value, Clear extends Readonly<Record<string, string | number>> = Readonly<Record<string, string | number>>>(
    name: SealedTableName,
  ): SealedTable<Value, Clear> {
    return new SealedTable<Value, Clear>(this.db, name, () => this.sealingKeys());
  }

  /**
   * Applies prepared writes in one IndexedDB transaction: all or nothing. A
   * full disk is StorageFull and leaves what was stored untouched.
   */
  async commit(writes: readonly VaultWrite[]): Promise<void> {
    const keys = this.requireKeys();
    if (writes.length === 0) return;
    const tables = [...new Set(writes.flatMap((write) => write.tables))];
    await this.write(() =>
      this.db.transaction('rw', tables, async () => {
        for (const write of writes) await write.apply(this.db);
      }),
    );
    if (this.keys === keys) for (const write of writes) write.afterCommit?.();
  }

  /**
   * Writes (adds or replaces) cases of one batch in one transaction: all or
   * nothing. The batch gets its own data key on first write.
   */
  async putCases(batchId: string, cases: readonly CaseFile[], status: CaseStatus = 'unreviewed'): Promise<void> {
    await this.commit([await this.sealCases(batchId, cases, status)]);
  }

  /** Prepares cases of one batch for a `commit` beside other writes (a pulled page and its cursor). */
  sealCases(batchId: string, cases: readonly CaseFile[], status: CaseStatus = 'unreviewed'): Promise<VaultWrite> {
    this.requireKeys();
    if (!OPAQUE_ID.test(batchId) || batchId === VAULT_SCOPE) throw new Error('A batch id must be an opaque id');
    const updatedAt = this.now();
    return this.caseTable().seal(
      cases.map((caseFile) => ({ id: caseFile.caseId, clear: { batchId, status, updatedAt }, value: caseFile })),
    );
  }

  /** Every case, in id order; records that fail to open are named in `damaged`. */
  async listCases(): Promise<CaseListing> {
    const { entries, damaged } = await this.caseTable().list();
    return { cases: entries.map(toStoredCase), damaged };
  }

  /** One case, or RecordTampered{table:'cases', id} if it fails to open. */
  async getCase(caseId: string): Promise<StoredCase | null> {
    const entry = await this.caseTable().get(caseId);
    return entry ? toStoredCase(entry) : null;
  }

  /** Erases a batch: its data key goes first, so its records are unreadable even if the delete of rows is interrupted. */
  async deleteBatch(batchId: string): Promise<void> {
    await this.commit([this.eraseBatchWrite(batchId)]);
  }

  /**
   * A write that erases a batch: its data keys and every batch-scoped record
   * of it. Outbox entries (vault-scoped) stay: what the server has not
   * accepted is not the batch's to lose.
   */
  eraseBatchWrite(batchId: string): VaultWrite {
    if (batchId === VAULT_SCOPE) throw new Error('The vault scope is not a batch');
    const batchTables = (Object.keys(SEALED_TABLE_SCOPES) as SealedTableName[]).filter(
      (table) => SEALED_TABLE_SCOPES[table] === 'batch',
    );
    return {
      tables: ['dataKeys', ...batchTables] satisfies VaultTableName[],
      apply: async (db) => {
        await db.dataKeys.where('batchId').equals(batchId).delete();
        for (const table of batchTables) await db.table(table).where('batchId').equals(batchId).delete();
      },
      afterCommit: () => {
        const keys = this.keys;
        if (!keys) return;
        const keyId = keys.batchKeyIds.get(batchId);
        if (keyId) keys.dataKeys.delete(keyId);
        keys.batchKeyIds.delete(batchId);
      },
    };
  }

  async readAuditLog(): Promise<AuditEvent[]> {
    const keys = this.requireKeys();
    const rows = await this.db.auditLog.orderBy('seq').toArray();
    return Promise.all(rows.map((row) => this.openAuditRow(keys, row)));
  }

  async idleLockMinutes(): Promise<number> {
    const row = (await this.db.vaultMeta.get('settings')) as VaultSettingsRow | undefined;
    return clampIdleLockMinutes(row?.idleLockMinutes);
  }

  async setIdleLockMinutes(minutes: number): Promise<void> {
    this.requireKeys();
    if (!isAllowedIdleLockMinutes(minutes)) {
      const { min, max } = IDLE_LOCK_MINUTES_RANGE;
      throw new RangeError(`Idle lock must be a whole number of minutes from ${min} to ${max}`);
    }
    await this.write(() => this.db.vaultMeta.put({ name: 'settings', idleLockMinutes: minutes }));
  }

  private requireKeys(): UnlockedKeys {
    if (!this.keys) throw new VaultError('VaultLocked', 'The vault is locked');
    return this.keys;
  }

  /** Decrypted data must not reach a caller after a lock that happened while it was being opened. */
  private assertStillUnlocked(keys: UnlockedKeys): void {
    if (this.keys !== keys) throw new VaultError('VaultLocked', 'The vault was locked while records were being opened');
  }

  private isoNow(): string {
    return new Date(this.now()).toISOString();
  }

  private async newDataKey(vaultKey: CryptoKey, batchId: string): Promise<{ row: DataKeyRow; key: CryptoKey }> {
    const id = `dk-${bytesToHex(randomBytes(12))}`;
    const raw = generateRawKey();
    const wrapped = await wrapKeyBytes(vaultKey, raw, keyWrapAad('data-key', DATA_KEY_WRAP_VERSION, id, batchId));
    const key = await importAesKey(raw);
    return { row: { id, batchId, v: DATA_KEY_WRAP_VERSION, wrapped, createdAt: this.now() }, key };
  }

  private caseTable(): SealedTable<CaseFile, CaseClearFields> {
    return this.table<CaseFile, CaseClearFields>('cases');
  }

  /** The unlocked keys as a sealed table sees them; throws VaultLocked when locked. */
  private sealingKeys(): SealingKeys {
    const keys = this.requireKeys();
    return {
      findKey: (keyId) => keys.dataKeys.get(keyId),
      assertStillUnlocked: () => this.assertStillUnlocked(keys),
      keyForScope: async (scope) => {
        const existingKeyId = keys.batchKeyIds.get(scope);
        const existing = existingKeyId ? keys.dataKeys.get(existingKeyId) : undefined;
        if (existingKeyId && existing) return { dataKey: { keyId: existingKeyId, key: existing }, keyWrite: null };
        if (scope !== VAULT_SCOPE && !OPAQUE_ID.test(scope)) throw new Error('A batch id must be an opaque id');
        const fresh = await this.newDataKey(keys.vaultKey, scope);
        return {
          dataKey: { keyId: fresh.row.id, key: fresh.key },
          keyWrite: {
            tables: ['dataKeys'],
            apply: async (db) => {
              await db.dataKeys.add(fresh.row);
            },
            afterCommit: () => {
              keys.dataKeys.set(fresh.row.id, fresh.key);
              keys.batchKeyIds.set(scope, fresh.row.id);
            },
          },
        };
      },
    };
  }

  private async openAuditRow(keys: UnlockedKeys, row: SealedAuditRow): Promise<AuditEvent> {
    const content = await openRecordWithClearCopy<Omit<AuditEvent, 'seq'>>(
      (keyId) => keys.dataKeys.get(keyId),
      'auditLog',
      row.seq,
      row,
      { seq: row.seq },
    );
    return { seq: row.seq, ...content };
  }

  private async readAuditTail(keys: UnlockedKeys): Promise<Pick<AuditEvent, 'seq' | 'hash'> | null> {
    const last = await this.db.auditLog.orderBy('seq').last();
    if (!last) return null;
    try {
      return await this.openAuditRow(keys, last);
    } catch {
      // The tail is damaged: keep appending after it; verifyAuditChain will name the break.
      return { seq: last.seq, hash: 'damaged' };
    }
  }

  private appendAudit(content: AuditEventContent): Promise<void> {
    return this.appendAuditWith(this.requireKeys(), content);
  }

  /** Appends are queued so each one chains to the one before it. */
  private appendAuditWith(keys: UnlockedKeys, content: AuditEventContent): Promise<void> {
    const append = this.auditTail.then(async () => {
      const event = await chainAuditEvent(keys.lastAudit, content);
      const keyId = keys.batchKeyIds.get(VAULT_SCOPE);
      const key = keyId ? keys.dataKeys.get(keyId) : undefined;
      if (!keyId || !key) throw new VaultError('UnknownDataKey', 'The audit log key is missing');
      const { seq, ...sealed } = event;
      const envelope = await sealRecordWithClearCopy({ keyId, key }, 'auditLog', seq, { seq }, sealed);
      await this.write(() => this.db.auditLog.add({ seq, ...envelope }));
      keys.lastAudit = { seq, hash: event.hash };
    });
    this.auditTail = append.catch(() => undefined);
    return append;
  }

  /** Maps a full disk to StorageFull; the transaction has rolled back, so nothing stored is lost. */
  private async write<Result>(operation: () => Promise<Result>): Promise<Result> {
    try {
      return await operation();
    } catch (error) {
      if (isQuotaExceeded(error)) {
        throw new VaultError('StorageFull', 'The disk is full: nothing was written, and nothing stored was lost');
      }
      throw error;
    }
  }
}
