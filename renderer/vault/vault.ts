import Dexie from 'dexie';
import type { CaseFile } from '../../shared/domain/case-file';
import { chainAuditEvent, type AuditEvent, type AuditEventContent, type AuditIdentity, type LockReason } from './audit-event';
import { bytesToHex, randomBytes } from './byte-encoding';
import { DATA_KEY_WRAP_VERSION, generateRawKey, importAesKey, keyWrapAad, unwrapKey, unwrapKeyBytes, wrapKeyBytes } from './key-hierarchy';
import { openRecordWithClearCopy, sealRecordWithClearCopy } from './record-cipher';
import { SealedTable, type SealedEntry, type SealingKeys, type VaultWrite } from './sealed-table';
import { assertPassphraseStrongEnough } from './passphrase-policy';
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
import {
  checkPassphrase,
  createVaultKeys,
  freshKek,
  openVaultKeyRaisingKdf,
  wrapNewVaultKey,
  type FreshKek,
  type KeyringDependencies,
} from './vault-keyring';
import { SEALED_TABLE_SCOPES, type CaseStatus, type SealedTableName, type VaultTableName } from './vault-schema';

export { MIN_PASSPHRASE_LENGTH } from './passphrase-policy';
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
  vaultKey: CryptoKey;
  /**
   * The key-encryption key from the passphrase, kept (non-extractable) while
   * unlocked so a batch erase can rotate the vault key without asking for
   * the passphrase again.
   */
  kek: CryptoKey;
  /** The vault key rotation in force (vaultMeta['keys'].rotation). */
  rotation: number;
  /** Every data key that opened, by id: what reads use. */
  readonly dataKeys: Map<string, CryptoKey>;
  /** keyId of each scope's current data key (made under the current rotation): what new writes use. */
  readonly batchKeyIds: Map<string, string>;
  lastAudit: Pick<AuditEvent, 'seq' | 'hash'> | null;
}

/** A prepared write that erases a batch: commit rotates the vault key in the same transaction. */
interface BatchEraseWrite extends VaultWrite {
  readonly erasesBatch: string;
}

function erasedBatchOf(write: VaultWrite): string | null {
  return 'erasesBatch' in write && typeof write.erasesBatch === 'string' ? write.erasesBatch : null;
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
  private auditIdentity: AuditIdentity | null = null;
  /** Unlock attempts run one at a time, so each failure is counted (concurrent attempts read the same count). */
  private unlockTail: Promise<unknown> = Promise.resolve();
  /** Commits and key rotations run one at a time: a rotation re-wraps every key row, none may slip in between. */
  private keyTail: Promise<unknown> = Promise.resolve();
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
    const epoch = this.lockEpoch;
    if ((await this.presence()) === 'present') throw new VaultError('VaultExists', 'A vault already exists here');
    const keystore = await this.deps.keystore.status();
    await assertPassphraseStrongEnough(passphrase, keystore.available && keystore.deviceBound);
    const { row, vaultKey, kek } = await createVaultKeys(passphrase, this.deps, this.now());
    const vaultDataKey = await this.newDataKey(vaultKey, VAULT_SCOPE, 0);
    await this.write(() =>
      this.db.transaction('rw', this.db.vaultMeta, this.db.dataKeys, async () => {
        await this.db.vaultMeta.add(row);
        await this.db.dataKeys.add(vaultDataKey.row);
      }),
    );
    const keys: UnlockedKeys = {
      vaultKey,
      kek,
      rotation: 0,
      dataKeys: new Map([[vaultDataKey.row.id, vaultDataKey.key]]),
      batchKeyIds: new Map([[VAULT_SCOPE, vaultDataKey.row.id]]),
      lastAudit: null,
    };
    await this.appendAuditWith(keys, { kind: 'vault-created', at: this.isoNow() });
    // Keys last: a lock (or a failed write) before this point leaves a created, locked vault.
    if (epoch !== this.lockEpoch) throw new VaultError('VaultLocked', 'The vault was locked while it was being created');
    this.keys = keys;
    return { keyBinding: row.keyBinding };
  }

  /** Attempts run one at a time, so concurrent wrong passphrases are each counted. */
  unlock(passphrase: string): Promise<void> {
    // A lock that arrives after this call, even while the attempt waits its turn, wins.
    const epoch = this.lockEpoch;
    // Also queued behind key rotations, so the key rows it reads are all from one rotation.
    const attempt = this.unlockTail.then(() => this.exclusiveKeys(() => this.unlockOnce(passphrase, epoch)));
    this.unlockTail = attempt.catch(() => undefined);
    return attempt;
  }

  private async unlockOnce(passphrase: string, epoch: number): Promise<void> {
    if (epoch !== this.lockEpoch) throw new VaultError('VaultLocked', 'The vault was locked while it was being unlocked');
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

    let opened: Awaited<ReturnType<typeof openVaultKeyRaisingKdf>>;
    try {
      opened = await openVaultKeyRaisingKdf(passphrase, keysRow, this.deps);
    } catch (error) {
      if (!(error instanceof VaultError) || error.code !== 'WrongPassphrase') throw error;
      const failed = recordFailure(throttle, this.now());
      await this.db.vaultMeta.put(failed);
      const retryAt = nextAttemptAllowedAt(failed);
      throw new VaultError('WrongPassphrase', error.message, undefined, retryAt || undefined);
    }
    const { vaultKey, kek, upgradedRow } = opened;

    const rotation = keysRow.rotation ?? 0;
    const keys: UnlockedKeys = { vaultKey, kek, rotation, dataKeys: new Map(), batchKeyIds: new Map(), lastAudit: null };
    const keyRows = await this.db.dataKeys.toArray();
    await Promise.all(
      keyRows.map(async (row) => {
        try {
          const key = await unwrapKey(vaultKey, row.wrapped, keyWrapAad('data-key', row.v, row.id, row.batchId));
          keys.dataKeys.set(row.id, key);
          if ((row.rotation ?? 0) === rotation) keys.batchKeyIds.set(row.batchId, row.id);
        } catch {
          // A damaged key row: its records will report RecordTampered; every other batch still opens.
        }
      }),
    );
    keys.lastAudit = await this.readAuditTail(keys);
    if (epoch !== this.lockEpoch) throw new VaultError('VaultLocked', 'The vault was locked while it was being unlocked');

    await this.auditPendingFailures(keys, throttle);
    await this.appendAuditWith(keys, { kind: 'vault-unlocked', at: this.isoNow() });
    await this.write(() => this.db.vaultMeta.put(NO_FAILURES));
    if (upgradedRow) await this.write(() => this.db.vaultMeta.put(upgradedRow));
    // Keys last: if a write above failed, or a lock came meanwhile, the vault stays locked.
    if (epoch !== this.lockEpoch) throw new VaultError('VaultLocked', 'The vault was locked while it was being unlocked');
    this.keys = keys;
  }

  /**
   * Writes the failed unlocks kept while locked as audit events. Only the
   * last MAX_PENDING_FAILURES times are kept; when there were more, the
   * first event written says how many there were in all.
   */
  private async auditPendingFailures(keys: UnlockedKeys, throttle: UnlockThrottleRow): Promise<void> {
    const times = throttle.pendingFailureTimes;
    const total = Math.max(throttle.pendingFailureCount ?? times.length, times.length);
    for (const [index, at] of times.entries()) {
      const detail =
        index === 0 && total > times.length
          ? `${total} failed unlock attempts since the last unlock; the times of the last ${times.length} are recorded`
          : undefined;
      await this.appendAuditWith(keys, { kind: 'vault-unlock-failed', at: new Date(at).toISOString(), ...(detail ? { detail } : {}) });
    }
  }

  /**
   * Drops every key at once (synchronously, before anything is awaited), then
   * records the lock in the audit log with the keys it captured for that one write.
   */
  lock(reason: LockReason): Promise<void> {
    const keys = this.keys;
    this.keys = null;
    this.lockEpoch++;
    const identity = this.auditIdentity;
    this.auditIdentity = null;
    if (!keys) return Promise.resolve();
    return this.appendAuditWith(keys, { kind: 'vault-locked', at: this.isoNow(), reason }, identity).catch(() => undefined);
  }

  /**
   * Checks the current passphrase (a wrong one is throttled and audited like
   * a failed unlock), then rotates the vault key under a KEK from the next
   * passphrase (fresh salt, current cost): surviving data keys are re-wrapped
   * and new writes get fresh data keys, so the old passphrase with an old
   * copy of the profile opens nothing written from now on. Records are not
   * re-encrypted.
   */
  async changePassphrase(currentPassphrase: string, nextPassphrase: string): Promise<void> {
    const keys = this.requireKeys();
    const row = (await this.db.vaultMeta.get('keys')) as VaultKeysRow;
    await assertPassphraseStrongEnough(nextPassphrase, row.keyBinding === 'os-keystore');
    const throttle = ((await this.db.vaultMeta.get('throttle')) as UnlockThrottleRow | undefined) ?? NO_FAILURES;
    const allowedAt = nextAttemptAllowedAt(throttle);
    if (this.now() < allowedAt) {
      throw new VaultError('UnlockThrottled', 'Too many wrong passphrases: wait before trying again', undefined, allowedAt);
    }
    try {
      await checkPassphrase(currentPassphrase, row, this.deps);
    } catch (error) {
      if (!(error instanceof VaultError) || error.code !== 'WrongPassphrase') throw error;
      const failed = recordFailure(throttle, this.now(), { pending: false });
      await this.write(() => this.db.vaultMeta.put(failed));
      await this.appendAuditWith(keys, { kind: 'vault-unlock-failed', at: this.isoNow() }).catch(() => undefined);
      const retryAt = nextAttemptAllowedAt(failed);
      throw new VaultError('WrongPassphrase', error.message, undefined, retryAt || undefined);
    }
    // Unlocked, nothing is pending (unlock wrote it all): a right answer clears the count.
    if (throttle.failedAttempts > 0) await this.write(() => this.db.vaultMeta.put(NO_FAILURES));
    const next = await freshKek(nextPassphrase, this.deps);
    await this.exclusiveKeys(() => this.rotateVaultKey(keys, [], next));
    await this.appendAuditWith(keys, { kind: 'vault-passphrase-changed', at: this.isoNow() });
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
    await this.exclusiveKeys(async () => {
      this.assertStillUnlocked(keys);
      const erasedBatches = writes.map(erasedBatchOf).filter((batchId): batchId is string => batchId !== null);
      if (erasedBatches.length > 0) {
        // A batch erase rotates the vault key in the same transaction (same KEK, same passphrase).
        await this.rotateVaultKey(keys, writes, { kek: keys.kek, kdf: null });
        return;
      }
      for (const write of writes) await write.prepare?.(keys.vaultKey, keys.rotation);
      const tables = [...new Set(writes.flatMap((write) => write.tables))];
      await this.write(() =>
        this.db.transaction('rw', tables, async () => {
          for (const write of writes) await write.apply(this.db);
        }),
      );
      if (this.keys === keys) for (const write of writes) write.afterCommit?.();
    });
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
    const erase: BatchEraseWrite = {
      erasesBatch: batchId,
      tables: ['dataKeys', ...batchTables] satisfies VaultTableName[],
      apply: async (db) => {
        await db.dataKeys.where('batchId').equals(batchId).delete();
        for (const table of batchTables) await db.table(table).where('batchId').equals(batchId).delete();
      },
      // The rotation that commit runs with it drops the erased batch's keys from memory.
    };
    return erase;
  }

  /**
   * Erases everything on this device (a revoked device: the lost-laptop case):
   * keys leave memory, the whole database is deleted, and an empty one is left
   * for a new vault.
   */
  async eraseEverything(): Promise<void> {
    this.keys = null;
    this.lockEpoch++;
    this.auditIdentity = null;
    const name = this.db.name;
    this.db.close();
    await Dexie.delete(name);
    await this.db.open();
  }

  /** Attributes audit events from now on to this user and device (set once enrolled, at every unlock). */
  setAuditIdentity(identity: AuditIdentity | null): void {
    this.auditIdentity = identity;
  }

  /** Appends a processing event (collection, consultation, alteration, disclosure, erasure) to the chain. */
  recordAudit(content: Omit<AuditEventContent, 'at'>): Promise<void> {
    return this.appendAudit({ ...content, at: this.isoNow() });
  }

  /** Audit events after local position `afterSeq`, in order (for upload to the endpoint). */
  async readAuditLogAfter(afterSeq: number): Promise<AuditEvent[]> {
    const keys = this.requireKeys();
    const rows = await this.db.auditLog.where('seq').above(afterSeq).toArray();
    const events = await Promise.all(rows.map((row) => this.openAuditRow(keys, row)));
    this.assertStillUnlocked(keys);
    return events;
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

  private async newDataKey(vaultKey: CryptoKey, batchId: string, rotation: number): Promise<{ row: DataKeyRow; key: CryptoKey }> {
    const id = `dk-${bytesToHex(randomBytes(12))}`;
    const raw = generateRawKey();
    const wrapped = await wrapKeyBytes(vaultKey, raw, keyWrapAad('data-key', DATA_KEY_WRAP_VERSION, id, batchId));
    const key = await importAesKey(raw);
    return { row: { id, batchId, v: DATA_KEY_WRAP_VERSION, wrapped, createdAt: this.now(), rotation }, key };
  }

  /** Runs `operation` after every commit or rotation already queued, and before any queued later. */
  private exclusiveKeys<Result>(operation: () => Promise<Result>): Promise<Result> {
    const run = this.keyTail.then(operation);
    this.keyTail = run.catch(() => undefined);
    return run;
  }

  /**
   * Key rotation (inside exclusiveKeys): a new random vault key wrapped under
   * `next.kek`; every surviving data key re-wrapped under it (key rows only,
   * no record is re-encrypted: records name their key id); a fresh data key
   * for the vault scope, and none kept for any batch, so every write from
   * now on gets a data key the previous vault key never wrapped. `writes`
   * (a batch erase and what came with it) land in the same transaction.
   */
  private async rotateVaultKey(
    keys: UnlockedKeys,
    writes: readonly VaultWrite[],
    next: { kek: CryptoKey; kdf: FreshKek['kdf'] | null },
  ): Promise<void> {
    this.assertStillUnlocked(keys);
    const erased = new Set(writes.map(erasedBatchOf).filter((batchId): batchId is string => batchId !== null));
    const [keysRow, keyRows] = await Promise.all([
      this.db.vaultMeta.get('keys') as Promise<VaultKeysRow>,
      this.db.dataKeys.toArray(),
    ]);
    const rotation = (keysRow.rotation ?? 0) + 1;
    const { wrappedVaultKey, vaultKey } = await wrapNewVaultKey(next.kek, keysRow, this.deps);
    const rewrapped = await Promise.all(
      keyRows
        .filter((row) => !erased.has(row.batchId))
        .map(async (row): Promise<DataKeyRow | null> => {
          const aad = keyWrapAad('data-key', row.v, row.id, row.batchId);
          let raw: Uint8Array<ArrayBuffer>;
          try {
            raw = await unwrapKeyBytes(keys.vaultKey, row.wrapped, aad);
          } catch {
            return null; // a damaged key row stays as it is; its records already report damage
          }
          try {
            return { ...row, wrapped: await wrapKeyBytes(vaultKey, raw, aad) };
          } finally {
            raw.fill(0);
          }
        }),
    );
    const vaultScopeKey = await this.newDataKey(vaultKey, VAULT_SCOPE, rotation);
    for (const write of writes) await write.prepare?.(vaultKey, rotation);
    const nextKeysRow: VaultKeysRow = { ...keysRow, wrappedVaultKey, rotation, ...(next.kdf ? { kdf: next.kdf } : {}) };
    const tables = [...new Set<VaultTableName>(['vaultMeta', 'dataKeys', ...writes.flatMap((write) => write.tables)])];
    this.assertStillUnlocked(keys);
    await this.write(() =>
      this.db.transaction('rw', tables, async () => {
        for (const write of writes) await write.apply(this.db);
        await this.db.dataKeys.bulkPut(rewrapped.filter((row): row is DataKeyRow => row !== null));
        await this.db.dataKeys.add(vaultScopeKey.row);
        await this.db.vaultMeta.put(nextKeysRow);
      }),
    );
    if (this.keys !== keys) return;
    for (const row of keyRows) if (erased.has(row.batchId)) keys.dataKeys.delete(row.id);
    keys.vaultKey = vaultKey;
    keys.kek = next.kek;
    keys.rotation = rotation;
    keys.batchKeyIds.clear();
    keys.dataKeys.set(vaultScopeKey.row.id, vaultScopeKey.key);
    keys.batchKeyIds.set(VAULT_SCOPE, vaultScopeKey.row.id);
    for (const write of writes) write.afterCommit?.();
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
        // Wrapped now under the current vault key and again at commit if a rotation came in between
        // (prepare); the raw bytes live until then. apply refuses a row of an older rotation.
        const id = `dk-${bytesToHex(randomBytes(12))}`;
        const raw = generateRawKey();
        const aad = keyWrapAad('data-key', DATA_KEY_WRAP_VERSION, id, scope);
        const wrapRow = async (vaultKey: CryptoKey, rotation: number): Promise<DataKeyRow> => ({
          id,
          batchId: scope,
          v: DATA_KEY_WRAP_VERSION,
          wrapped: await wrapKeyBytes(vaultKey, raw, aad),
          createdAt: this.now(),
          rotation,
        });
        let row = await wrapRow(keys.vaultKey, keys.rotation);
        let preparedForRotation: number | null = null;
        const key = await importAesKey(raw.slice());
        return {
          dataKey: { keyId: id, key },
          keyWrite: {
            tables: ['dataKeys'],
            prepare: async (vaultKey, rotation) => {
              if (row.rotation !== rotation) row = await wrapRow(vaultKey, rotation);
              preparedForRotation = rotation;
            },
            apply: async (db) => {
              if (row.rotation !== (preparedForRotation ?? keys.rotation)) {
                // A caller that rebuilt the write without `prepare`: refuse rather than store a key no one can open.
                throw new Error('A new data key was not wrapped under the current vault key');
              }
              await db.dataKeys.add(row);
            },
            afterCommit: () => {
              raw.fill(0);
              keys.dataKeys.set(id, key);
              keys.batchKeyIds.set(scope, id);
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
  private appendAuditWith(
    keys: UnlockedKeys,
    content: AuditEventContent,
    identity: AuditIdentity | null = this.auditIdentity,
  ): Promise<void> {
    const append = this.auditTail.then(async () => {
      const event = await chainAuditEvent(keys.lastAudit, content, identity);
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
