import { writeFeed, type FeedRow } from './change-feed';
import type { SqlDriver, TransactionExecutor } from './sql-driver';

/**
 * What every write in a domain module receives: the open transaction and the
 * change-feed rows it has produced so far. The rows are written only at the
 * end (see runInTransaction), so the feed lock is held for one insert and the
 * commit, not for the whole transaction.
 */
export interface StorageTransaction {
  readonly sql: TransactionExecutor;
  /** `FOR UPDATE` where the dialect has row locks; empty for SQLite, whose writers are serialized. */
  readonly forUpdate: string;
  readonly feed: FeedRow[];
}

/**
 * Every writing transaction goes through here: the work, then its feed rows in
 * order under the feed lock. PostgreSQL may run `work` more than once (retry
 * on serialization failures), each time with a fresh, empty feed buffer.
 */
export function runInTransaction<T>(driver: SqlDriver, work: (tx: StorageTransaction) => Promise<T>): Promise<T> {
  return driver.transaction(async (sql) => {
    const tx: StorageTransaction = { sql, forUpdate: driver.forUpdate, feed: [] };
    const result = await work(tx);
    await writeFeed(tx);
    return result;
  });
}
