import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_DATABASE, isPostgresUrl, openStorage } from '../storage/open-storage';
import { passwordOnCommandLineProblem, readPasswordFile } from './database-password';
import { ensureServerKeyFile, loadServerKeyFile, serverKeyPathOf } from './server-key-file';
import type { AdminStorage } from '../storage/storage';

/** Where a command writes: stdout for results, stderr for problems. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** A mistake in the command line: printed with the usage of the command, exit code 2. */
export class UsageError extends Error {}

/** A command that could not do its job for a reason the operator can act on: exit code 1. */
export class CommandFailed extends Error {}

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

const COMMON: OptionSpec = { db: { type: 'string' }, 'db-password-file': { type: 'string' } };

export function parseOptions<T extends OptionSpec>(args: string[], spec: T, positionals: { min: number; max: number; names: string }) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...COMMON, ...spec }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.split('\n')[0]! : 'bad arguments');
  }
  if (parsed.positionals.length < positionals.min || parsed.positionals.length > positionals.max) {
    throw new UsageError(positionals.max === 0 ? 'this command takes no arguments' : `expected ${positionals.names}`);
  }
  return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
}

export function requiredString(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value.trim();
}

export function optionalString(values: Record<string, string | boolean | undefined>, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value.trim() : undefined;
}

export function databaseOf(values: Record<string, string | boolean | undefined>): string {
  return optionalString(values, 'db') ?? process.env.CASEDESK_DB ?? DEFAULT_DATABASE;
}

export interface OpenOptions {
  /** `init` and `demo`: create the server key file when there is none (server-key-file.ts); others do only for a new SQLite file. */
  readonly createKey?: boolean;
}

/**
 * Opens the database named by `--db` (or `$CASEDESK_DB`): a password on the
 * command line is refused, `--db-password-file` supplies one (database-password.ts).
 * The server key file is loaded first: no command touches the database without it.
 */
export function openStorageOf(values: Record<string, string | boolean | undefined>, poolSize: number, options: OpenOptions = {}): ReturnType<typeof openStorage> {
  const onCommandLine = passwordOnCommandLineProblem(optionalString(values, 'db'));
  if (onCommandLine) throw new UsageError(onCommandLine);
  const database = databaseOf(values);
  const passwordFile = optionalString(values, 'db-password-file');
  if (passwordFile !== undefined && !isPostgresUrl(database)) throw new UsageError('--db-password-file goes with a postgres:// database');
  const keyFile = serverKeyPathOf(database);
  // A SQLite file not made yet cannot hold values sealed under another key: its key is made with it.
  if (options.createKey || (!isPostgresUrl(database) && database !== ':memory:' && !existsSync(database))) ensureServerKeyFile(keyFile);
  const keys = loadServerKeyFile(keyFile);
  if (passwordFile === undefined) return openStorage(database, { poolSize, keys });
  const reading = readPasswordFile(passwordFile);
  if (!reading.ok) throw new CommandFailed(reading.problem);
  return openStorage(database, { poolSize, password: reading.password, keys });
}

/** Opens (and migrates) the database for one command and always closes it. */
export async function withStorage<T>(
  values: Record<string, string | boolean | undefined>,
  work: (storage: AdminStorage) => Promise<T>,
  options: OpenOptions = {},
): Promise<T> {
  const storage = openStorageOf(values, 2, options);
  try {
    await storage.migrate(new Date().toISOString());
    return await work(storage);
  } finally {
    await storage.close();
  }
}

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function checkId(value: string, what: string): string {
  if (!ID_PATTERN.test(value)) throw new UsageError(`${what} must be 1-64 letters, digits, "-" or "_"`);
  return value;
}
