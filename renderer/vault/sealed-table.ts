import Dexie, { type Collection } from 'dexie';
import { openRecordWithClearCopy, sealRecordsWithClearCopy, type ClearFields, type DataKey } from './record-cipher';
import type { SealedTableRow, VaultDatabase } from './vault-database';
import { VaultError, type RecordLocation } from './vault-error';
import { SEALED_TABLE_SCOPES, type SealedTableName, type VaultTableName } from './vault-schema';

/**
 * One generic sealed table: every record kind the sync engine and the
 * features keep (batches, reviews, drafts, outbox, templates, sync state)
 * goes through this one API instead of a method per kind on Vault.
 *
 * Writes happen in two steps, because WebCrypto is async and IndexedDB
 * commits a transaction as soon as it waits on anything else: `seal` (and
 * `remove`) prepare a VaultWrite outside any transaction; `Vault.commit` then
 * applies several of them in one transaction, so things that belong together
 * (a pulled page and its cursor; a submission and its outbox entry) land
 * together or not at all.
 */

export interface SealedEntry<Value, Clear extends ClearFields = ClearFields> {
  readonly id: string;
  /** Index fields stored in clear (and sealed again inside, checked on read). */
  readonly clear: Clear;
  readonly value: Value;
}

/** A prepared step of a vault write; `Vault.commit` applies a list of them in one transaction. */
export interface VaultWrite {
  readonly tables: readonly VaultTableName[];
  /**
   * Runs before the transaction, after any key rotation queued ahead of it,
   * with the vault key in force then (a new data key is wrapped under it).
   */
  prepare?(vaultKey: CryptoKey, rotation: number): Promise<void>;
  apply(db: VaultDatabase): Promise<void>;
  /** Runs once the transaction has committed (e.g. to remember a new data key). */
  afterCommit?(): void;
}

/** What a sealed table needs from the unlocked vault; a lock makes every method throw VaultLocked. */
export interface SealingKeys {
  /** The data key for a scope (a batch id or `vault`), creating it (as a write) on first use. */
  keyForScope(scope: string): Promise<{ dataKey: DataKey; keyWrite: VaultWrite | null }>;
  findKey(keyId: string): CryptoKey | undefined;
  /** Throws VaultLocked when the vault locked since these keys were taken. */
  assertStillUnlocked(): void;
}

export interface SealedListing<Value, Clear extends ClearFields> {
  readonly entries: readonly SealedEntry<Value, Clear>[];
  /** Records that failed to open (named by table and id, never shown). */
  readonly damaged: readonly RecordLocation[];
}

export interface ListOptions {
  /** Only rows whose indexed clear field equals this value. */
  readonly where?: { readonly field: string; readonly equals: string | number };
  /** Read in this indexed field's order (ascending); primary-key order otherwise. */
  readonly orderBy?: string;
  /** With `orderBy` (and no `where`): only rows whose `orderBy` field is above this value. */
  readonly above?: string | number;
  readonly limit?: number;
}

/** From this many ids, `clearFieldsOf` learns which exist from the keys alone before reading rows. */
const PROBE_KEYS_FROM = 32;
/** Rows per IndexedDB read; each page is decrypted while the next is read. */
const READ_PAGE_SIZE = 500;
const ENVELOPE_FIELDS = new Set(['id', 'v', 'k', 'c']);

export class SealedTable<Value, Clear extends ClearFields = ClearFields> {
  constructor(
    private readonly db: VaultDatabase,
    readonly name: SealedTableName,
    private readonly keys: () => SealingKeys,
  ) {}

  /** Seals entries for a later `Vault.commit`. Batch-scoped tables need `batchId` in `clear`. */
  async seal(entries: readonly SealedEntry<Value, Clear>[]): Promise<VaultWrite> {
    const keys = this.keys();
    const keysByScope = new Map<string, { dataKey: DataKey; keyWrite: VaultWrite | null }>();
    for (const entry of entries) {
      const scope = this.scopeOf(entry.clear);
      if (!keysByScope.has(scope)) keysByScope.set(scope, await keys.keyForScope(scope));
    }
    const envelopes = await sealRecordsWithClearCopy(
      this.name,
      entries.map((entry) => ({ ...entry, dataKey: keysByScope.get(this.scopeOf(entry.clear))!.dataKey })),
    );
    const rows = entries.map((entry, index) => ({ ...entry.clear, id: entry.id, ...envelopes[index]! }) as SealedTableRow);
    keys.assertStillUnlocked();
    const keyWrites = [...keysByScope.values()].flatMap(({ keyWrite }) => (keyWrite ? [keyWrite] : []));
    const table = this.name;
    return {
      tables: [table, ...keyWrites.flatMap((write) => write.tables)],
      async prepare(vaultKey, rotation) {
        for (const keyWrite of keyWrites) await keyWrite.prepare?.(vaultKey, rotation);
      },
      async apply(db) {
        for (const keyWrite of keyWrites) await keyWrite.apply(db);
        await db.table(table).bulkPut(rows);
      },
      afterCommit() {
        for (const keyWrite of keyWrites) keyWrite.afterCommit?.();
      },
    };
  }

  remove(ids: readonly string[]): VaultWrite {
    const table = this.name;
    return { tables: [table], apply: (db) => db.table(table).bulkDelete([...ids]) };
  }

  /**
   * Removes these rows as ranges of the primary key: for ids that mostly sit
   * side by side in key order (time-ordered ids, like the outbox's UUIDv7s).
   * IndexedDB deletes a key range in one request, where a delete per id (and
   * its index entries) cost ten times as much. The keys between the first id
   * and the last are read in the transaction, so a row not in `ids` that
   * sits among them splits the range and stays.
   */
  removeInKeyRuns(ids: readonly string[]): VaultWrite {
    const table = this.name;
    const removing = new Set(ids);
    const sorted = [...removing].sort();
    return {
      tables: [table],
      apply: async (db) => {
        if (sorted.length === 0) return;
        const store = db.table(table);
        const between = (await store.where(':id').between(sorted[0]!, sorted[sorted.length - 1]!, true, true).primaryKeys()) as string[];
        let runStart: string | null = null;
        let runEnd: string | null = null;
        const deletes: Promise<unknown>[] = [];
        const endRun = () => {
          if (runStart !== null) deletes.push(store.where(':id').between(runStart, runEnd!, true, true).delete());
          runStart = runEnd = null;
        };
        for (const key of between) {
          if (!removing.has(key)) {
            endRun();
            continue;
          }
          runStart ??= key;
          runEnd = key;
        }
        endRun();
        await Promise.all(deletes);
      },
    };
  }

  removeWhere(field: string, equals: string | number): VaultWrite {
    const table = this.name;
    return {
      tables: [table],
      apply: async (db) => {
        await db.table(table).where(field).equals(equals).delete();
      },
    };
  }

  /** One record, or null; RecordTampered when it fails to open. */
  async get(id: string): Promise<SealedEntry<Value, Clear> | null> {
    const keys = this.keys();
    const row = (await this.db.table(this.name).get(id)) as SealedTableRow | undefined;
    const opened = row ? await this.open(keys, row) : null;
    keys.assertStillUnlocked();
    return opened;
  }

  /**
   * Several records by id in one read, opened in parallel: a Map of those
   * found and opened. A record that fails to open is left out and named in
   * `damaged`.
   */
  async getMany(ids: readonly string[]): Promise<{ found: Map<string, SealedEntry<Value, Clear>>; damaged: RecordLocation[] }> {
    const keys = this.keys();
    const rows = (await this.db.table(this.name).bulkGet([...ids])) as (SealedTableRow | undefined)[];
    const damaged: RecordLocation[] = [];
    const openOrNote = this.openNotingDamage(keys, damaged);
    const opened = await Promise.all(rows.map((row) => (row ? openOrNote(row) : null)));
    keys.assertStillUnlocked();
    const found = new Map<string, SealedEntry<Value, Clear>>();
    for (const entry of opened) if (entry) found.set(entry.id, entry);
    return { found, damaged };
  }

  /**
   * The clear index fields of these rows, without opening them (null where
   * absent). For carrying a status over on rewrite; anything shown to the
   * reviewer is read with get/list, which check the sealed copy. For many
   * ids, the keys between the lowest and the highest are read first (one
   * request), and only rows that exist are fetched: a fresh device pulling
   * new cases had paid one read per case to learn that none was there.
   */
  async clearFieldsOf(ids: readonly string[]): Promise<(Clear | null)[]> {
    this.keys();
    const table = this.db.table(this.name);
    let rows: (SealedTableRow | undefined)[];
    if (ids.length < PROBE_KEYS_FROM) {
      rows = (await table.bulkGet([...ids])) as (SealedTableRow | undefined)[];
    } else {
      const sorted = [...ids].sort();
      const present = new Set((await table.where(':id').between(sorted[0]!, sorted[sorted.length - 1]!, true, true).primaryKeys()) as string[]);
      const held = ids.filter((id) => present.has(id));
      const found = new Map<string, SealedTableRow>();
      if (held.length > 0) for (const row of (await table.bulkGet(held)) as (SealedTableRow | undefined)[]) if (row) found.set(row.id, row);
      rows = ids.map((id) => found.get(id));
    }
    return rows.map((row) => {
      if (!row) return null;
      const clear: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(row)) if (!ENVELOPE_FIELDS.has(field)) clear[field] = value;
      return clear as Clear;
    });
  }

  /**
   * Ids and clear fields in `orderBy` order after `above`, without opening
   * any row: to choose what to open (then `getMany`).
   */
  async listClearFields(options: { orderBy: string; above?: string | number; limit: number }): Promise<{ id: string; clear: Clear }[]> {
    this.keys();
    const table = this.db.table(this.name);
    const rows = (await (options.above === undefined ? table.orderBy(options.orderBy) : table.where(options.orderBy).above(options.above))
      .limit(options.limit)
      .toArray()) as SealedTableRow[];
    return rows.map((row) => {
      const clear: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(row)) if (!ENVELOPE_FIELDS.has(field)) clear[field] = value;
      return { id: row.id, clear: clear as Clear };
    });
  }

  /**
   * The first `limit` records in a compound index's `[first+second]` order
   * (after `after`, when given), leaving out the ids in `skip`, opened: one
   * IndexedDB read for the rows, and only the chosen ones decrypted. For a
   * queue read from its front (the outbox), where a read per id cost more
   * than the records themselves. A lower bound lets a reader that consumes
   * from the front skip the keys it deleted: IndexedDB keeps deleted index
   * keys until compaction, and walking them grows with each one.
   */
  async listInCompoundOrder(
    index: string,
    first: string | number,
    limit: number,
    options: { readonly after?: string | number; readonly skip?: ReadonlySet<string> } = {},
  ): Promise<SealedListing<Value, Clear>> {
    const keys = this.keys();
    const { after, skip } = options;
    const rows = (await this.db
      .table(this.name)
      .where(index)
      .between([first, after ?? Dexie.minKey], [first, Dexie.maxKey], after === undefined, true)
      .limit(limit + (skip?.size ?? 0))
      .toArray()) as SealedTableRow[];
    const chosen = (skip && skip.size > 0 ? rows.filter((row) => !skip.has(row.id)) : rows).slice(0, limit);
    const damaged: RecordLocation[] = [];
    const opened = await Promise.all(chosen.map(this.openNotingDamage(keys, damaged)));
    keys.assertStillUnlocked();
    return { entries: opened.filter((entry): entry is SealedEntry<Value, Clear> => entry !== null), damaged };
  }

  /** The clear fields of the row with the highest `field` (an order number), without opening it. */
  async lastClearFieldsBy(field: string): Promise<Clear | null> {
    this.keys();
    const row = (await this.db.table(this.name).orderBy(field).last()) as SealedTableRow | undefined;
    return row ? ((await this.clearFieldsOf([row.id]))[0] ?? null) : null;
  }

  /** The distinct values of an indexed clear field (e.g. which batches have outbox entries). */
  distinctValuesOf(field: string): Promise<(string | number)[]> {
    this.keys();
    return this.db.table(this.name).orderBy(field).uniqueKeys() as Promise<(string | number)[]>;
  }

  /** Counts rows without opening them (clear index fields only). */
  count(where?: ListOptions['where']): Promise<number> {
    this.keys();
    const table = this.db.table(this.name);
    return where ? table.where(where.field).equals(where.equals).count() : table.count();
  }

  /**
   * Records in primary-key order (or `orderBy`), opened. Unfiltered reads go
   * in pages, each page's decryption overlapping the next page's read.
   */
  async list(options: ListOptions = {}): Promise<SealedListing<Value, Clear>> {
    const keys = this.keys();
    const damaged: RecordLocation[] = [];
    const openOrNote = this.openNotingDamage(keys, damaged);
    const pages: Promise<(SealedEntry<Value, Clear> | null)[]>[] = [];
    if (options.where || options.orderBy || options.limit !== undefined || options.above !== undefined) {
      const table = this.db.table(this.name);
      let collection: Collection = options.where
        ? table.where(options.where.field).equals(options.where.equals)
        : options.above !== undefined
          ? table.where(options.orderBy ?? ':id').above(options.above)
          : table.orderBy(options.orderBy ?? ':id');
      if (options.where && options.orderBy) {
        const rows = (await collection.sortBy(options.orderBy)) as SealedTableRow[];
        pages.push(Promise.all(rows.slice(0, options.limit ?? rows.length).map(openOrNote)));
      } else {
        if (options.limit !== undefined) collection = collection.limit(options.limit);
        pages.push(Promise.all(((await collection.toArray()) as SealedTableRow[]).map(openOrNote)));
      }
    } else {
      const table = this.db.table(this.name);
      const readPageAfter = (lastId: string | null) =>
        (lastId === null
          ? table.orderBy(':id').limit(READ_PAGE_SIZE)
          : table.where(':id').above(lastId).limit(READ_PAGE_SIZE)
        ).toArray() as Promise<SealedTableRow[]>;
      let reading = readPageAfter(null);
      for (;;) {
        const rows = await reading;
        const full = rows.length === READ_PAGE_SIZE;
        // The next page is asked for before this one is opened, so the disk reads while this thread decrypts.
        if (full) reading = readPageAfter(rows[rows.length - 1]!.id);
        if (rows.length > 0) pages.push(Promise.all(rows.map(openOrNote)));
        if (!full) break;
      }
    }
    const opened = (await Promise.all(pages)).flat();
    keys.assertStillUnlocked();
    return { entries: opened.filter((entry): entry is SealedEntry<Value, Clear> => entry !== null), damaged };
  }

  private scopeOf(clear: ClearFields): string {
    if (SEALED_TABLE_SCOPES[this.name] === 'vault') return 'vault';
    const batchId = clear.batchId;
    if (typeof batchId !== 'string') throw new Error(`Records of ${this.name} need a batchId`);
    return batchId;
  }

  /** Opens a row, or notes it in `damaged` (table and id only) and answers null. */
  private openNotingDamage(keys: SealingKeys, damaged: RecordLocation[]) {
    return async (row: SealedTableRow): Promise<SealedEntry<Value, Clear> | null> => {
      try {
        return await this.open(keys, row);
      } catch (error) {
        if (error instanceof VaultError && error.record) damaged.push(error.record);
        else throw error;
        return null;
      }
    };
  }

  private async open(keys: SealingKeys, row: SealedTableRow): Promise<SealedEntry<Value, Clear>> {
    const clear: Record<string, string | number> = {};
    for (const [field, value] of Object.entries(row)) {
      if (!ENVELOPE_FIELDS.has(field)) clear[field] = value as string | number;
    }
    const value = await openRecordWithClearCopy<Value>((keyId) => keys.findKey(keyId), this.name, row.id, row, clear);
    return { id: row.id, clear: clear as unknown as Clear, value };
  }
}
