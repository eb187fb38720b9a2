import { StorageError } from './storage';

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

/**
 * PostgreSQL cannot store U+0000 in TEXT and fails the statement; SQLite
 * stores it. Both drivers refuse it the same way before sending, so every
 * text field behaves alike on both databases (the HTTP API refuses it earlier,
 * with `validation_failed`).
 */
export function refuseNulText(params: readonly SqlValue[]): void {
  for (const param of params) {
    if (typeof param === 'string' && param.includes('\u0000')) throw new StorageError('invalid_text', 'text may not contain the NUL character');
  }
}
