/**
 * The little SQL both databases share. Statements use `?` placeholders (the
 * PostgreSQL driver renumbers them), so the storage logic is written once and
 * both dialects pass the same contract suite.
 */
export type SqlValue = string | number | null;
export type SqlRow = Record<string, unknown>;

export interface SqlExecutor {
  all<T extends SqlRow = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
}

export interface SqlDriver extends SqlExecutor {
  readonly dialect: 'sqlite' | 'postgres';
  /** `FOR UPDATE` where the dialect has row locks; SQLite transactions are serialized whole. */
  readonly forUpdate: string;
  /**
   * Runs `work` in one transaction. PostgreSQL retries it on serialization
   * failures and unique violations, so `work` must not act outside the database.
   */
  transaction<T>(work: (tx: TransactionExecutor) => Promise<T>): Promise<T>;
  /** Runs `apply` in one exclusive transaction; `runScript` runs several statements at once. */
  migrate(apply: (dialect: 'sqlite' | 'postgres', runScript: (script: string) => Promise<void>, tx: SqlExecutor) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export interface TransactionExecutor extends SqlExecutor {
  /**
   * Serializes writers of the change feed until commit, so sequence numbers
   * become visible in order and a pull never skips one.
   */
  lockChangeFeed(): Promise<void>;
}
