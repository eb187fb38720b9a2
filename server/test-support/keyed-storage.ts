import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureServerKeyFile, loadServerKeyFile, serverKeyPathOf } from '../cli/server-key-file';
import { openStorage } from '../storage/open-storage';
import type { Storage } from '../storage/storage';

/**
 * The key file a test's database uses, shared by the test's in-process storage and the
 * `serve` processes it spawns: beside a SQLite file (the CLI's default), and for a PostgreSQL
 * schema a file in the temporary folder named after it (never ./data in the repository).
 */
export function testKeyFileOf(database: string): string {
  if (!/^postgres(ql)?:\/\//.test(database)) return serverKeyPathOf(database, {});
  const schema = new URL(database).searchParams.get('schema') ?? 'public';
  return path.join(tmpdir(), `casedesk-test-${schema}.key`);
}

/** Opens `database` with its test key file (made when missing), as the CLI would. */
export function openKeyedStorage(database: string, options: { poolSize?: number } = {}): Storage {
  const file = testKeyFileOf(database);
  ensureServerKeyFile(file);
  return openStorage(database, { ...options, keys: loadServerKeyFile(file) });
}
