import { PostgresDriver } from './postgres-driver';
import { SqliteDriver } from './sqlite-driver';
import { SqlStorage } from './sql-storage';
import type { Storage } from './storage';

export const DEFAULT_DATABASE = './data/casedesk.sqlite';

export function isPostgresUrl(database: string): boolean {
  return /^postgres(ql)?:\/\//.test(database);
}

/** `--db`: a SQLite file path (the embedded default) or a postgres:// URL (pooled). */
export function openStorage(database: string = DEFAULT_DATABASE, options: { poolSize?: number } = {}): Storage {
  return new SqlStorage(isPostgresUrl(database) ? new PostgresDriver(database, options.poolSize) : new SqliteDriver(database));
}
