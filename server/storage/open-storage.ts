import { PostgresDriver } from './postgres-driver';
import { SqliteDriver } from './sqlite-driver';
import { SqlStorage } from './sql-storage';
import type { Storage } from './storage';

export const DEFAULT_DATABASE = './data/casedesk.sqlite';

export function isPostgresUrl(database: string): boolean {
  return /^postgres(ql)?:\/\//.test(database);
}

/** Puts a password into a postgres:// URL held in memory only (never in argv or a log). */
function withPassword(url: string, password: string | undefined): string {
  if (password === undefined) return url;
  const parsed = new URL(url);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

/**
 * `--db`: a SQLite file path (the embedded default) or a postgres:// URL (pooled).
 * `password`, when given, is PostgreSQL's; without it the driver falls back to PGPASSWORD.
 */
export function openStorage(database: string = DEFAULT_DATABASE, options: { poolSize?: number; password?: string } = {}): Storage {
  return new SqlStorage(
    isPostgresUrl(database) ? new PostgresDriver(withPassword(database, options.password), options.poolSize) : new SqliteDriver(database),
  );
}
