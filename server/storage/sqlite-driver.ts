import Database from 'better-sqlite3';
import { refuseNulText, type SqlDriver, type SqlExecutor, type SqlRow, type SqlValue, type TransactionExecutor } from './sql-driver';
import { checkSqliteFileModes, prepareSqliteFiles } from './sqlite-file-permissions';

const MAX_CACHED_STATEMENTS = 1000;

/**
 * better-sqlite3 is synchronous; the storage logic is async so it can share
 * code with PostgreSQL. One promise queue serializes every statement and
 * transaction, so a transaction's awaits never interleave with other work.
 */
export class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite' as const;
  readonly forUpdate = '';
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(file: string) {
    if (file !== ':memory:') prepareSqliteFiles(file);
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    if (file !== ':memory:') {
      // The -wal and -shm files exist only now; SQLite gives them the database file's mode.
      try {
        checkSqliteFileModes(file);
      } catch (error) {
        this.db.close();
        throw error;
      }
    }
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('synchronous = NORMAL');
    // Deleted and overwritten cells are zeroed where that costs no extra I/O (FAST: ON cut push
    // throughput by more than half); whole pages freed to the freelist are not, so init's sealing
    // and rotate-key end with a VACUUM (SqlStorage.sealStoredValues).
    this.db.pragma('secure_delete = FAST');
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      // Multi-row statements vary with their row count; keep the cache bounded.
      if (this.statements.size >= MAX_CACHED_STATEMENTS) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private exclusive<T>(work: () => T | Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private allNow<T>(sql: string, params: readonly SqlValue[]): T[] {
    refuseNulText(params);
    const statement = this.statement(sql);
    if (statement.reader) return statement.all(...params) as T[];
    statement.run(...params);
    return [];
  }

  private runNow(sql: string, params: readonly SqlValue[]): { changes: number } {
    refuseNulText(params);
    const statement = this.statement(sql);
    if (statement.reader) return { changes: statement.all(...params).length };
    return { changes: statement.run(...params).changes };
  }

  all<T extends SqlRow = SqlRow>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.exclusive(() => this.allNow<T>(sql, params));
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    return this.exclusive(() => this.runNow(sql, params));
  }

  /** Runs statements directly: only for use while the queue is already held. */
  private executor(): TransactionExecutor {
    return {
      all: async <R extends SqlRow>(sql: string, params: readonly SqlValue[] = []) => this.allNow<R>(sql, params),
      run: async (sql, params = []) => this.runNow(sql, params),
      lockChangeFeed: async () => undefined,
    };
  }

  transaction<T>(work: (tx: TransactionExecutor) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      const tx = this.executor();
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(tx);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  migrate(apply: (dialect: 'sqlite', runScript: (script: string) => Promise<void>, tx: SqlExecutor) => Promise<void>): Promise<void> {
    return this.exclusive(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        await apply(
          'sqlite',
          async (script) => {
            this.db.exec(script);
          },
          this.executor(),
        );
        this.db.exec('COMMIT');
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    await this.exclusive(() => this.db.close());
  }
}
