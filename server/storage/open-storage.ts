import { FieldCipher, generateServerKeys, type ServerKeys } from './field-cipher';
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

/** Keys made once per process for opens without a key file (tests, in-process tools): nothing they seal outlives the process. */
let processKeys: ServerKeys | undefined;

/**
 * `--db`: a SQLite file path (the embedded default) or a postgres:// URL (pooled).
 * `password`, when given, is PostgreSQL's; without it the driver falls back to PGPASSWORD.
 * `keys`: the server keys (server-key-file.ts). The CLI always passes the key file's; without
 * them, keys made for this process only are used, so what is sealed cannot be read after it ends.
 */
export function openStorage(database: string = DEFAULT_DATABASE, options: { poolSize?: number; password?: string; keys?: ServerKeys } = {}): Storage {
  const keys = options.keys ?? (processKeys ??= generateServerKeys('process'));
  return new SqlStorage(
    isPostgresUrl(database) ? new PostgresDriver(withPassword(database, options.password), options.poolSize) : new SqliteDriver(database),
    new FieldCipher(keys),
  );
}
