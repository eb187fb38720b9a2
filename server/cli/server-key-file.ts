import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { KEY_ID_PATTERN, type ServerKeys } from '../storage/field-cipher';
import { isPostgresUrl } from '../storage/open-storage';

/**
 * The server key file (docs/server-encryption.md): the keys that seal case
 * content and review text in the database, kept outside it. JSON, mode 0600:
 *
 *   { "format": "casedesk-server-key/1", "current": "k1",
 *     "keys": { "k1": "<32 bytes, base64>" }, "personIndexKey": "<32 bytes, base64>" }
 *
 * `keys` holds more than one entry only while `rotate-key` runs.
 */
export const SERVER_KEY_FILE_ENV = 'CASEDESK_SERVER_KEY_FILE';
export const POSTGRES_DEFAULT_KEY_FILE = './data/casedesk-server.key';

const keyBytes = z
  .string()
  .regex(/^[A-Za-z0-9+/]{43}=$/, '32 bytes in base64')
  .transform((text) => Buffer.from(text, 'base64'));

const keyFileSchema = z
  .strictObject({
    format: z.literal('casedesk-server-key/1'),
    current: z.string().regex(KEY_ID_PATTERN),
    keys: z.record(z.string().regex(KEY_ID_PATTERN), keyBytes),
    personIndexKey: keyBytes,
  })
  .refine((file) => file.current in file.keys, 'the current key id has no key');

/** A key file that is missing, open to others or malformed: the plain reason, never a key. */
export class ServerKeyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerKeyFileError';
  }
}

/** `$CASEDESK_SERVER_KEY_FILE`, else beside the SQLite file (`<file>.key`), else in ./data for PostgreSQL. */
export function serverKeyPathOf(database: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[SERVER_KEY_FILE_ENV]?.trim();
  if (fromEnv) return fromEnv;
  return isPostgresUrl(database) ? POSTGRES_DEFAULT_KEY_FILE : `${database}.key`;
}

function encode(keys: ServerKeys): string {
  return `${JSON.stringify(
    {
      format: 'casedesk-server-key/1',
      current: keys.currentKeyId,
      keys: Object.fromEntries([...keys.keys].map(([id, key]) => [id, key.toString('base64')])),
      personIndexKey: keys.personIndexKey.toString('base64'),
    },
    null,
    2,
  )}\n`;
}

function writeNew(file: string, text: string): void {
  const descriptor = openSync(file, 'wx', 0o600);
  try {
    writeSync(descriptor, text);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

/** Creates the key file (0600, its folder 0700 when new) unless it exists; returns whether it did. */
export function ensureServerKeyFile(file: string): boolean {
  if (existsSync(file)) return false;
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  writeNew(file, encode({ currentKeyId: 'k1', keys: new Map([['k1', randomBytes(32)]]), personIndexKey: randomBytes(32) }));
  return true;
}

/** Reads the key file; refuses one that is missing, readable by group or others, or malformed. */
export function loadServerKeyFile(file: string): ServerKeys {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch {
    throw new ServerKeyFileError(`no server key file at ${file}: run "init" to create one, or set ${SERVER_KEY_FILE_ENV} to where it is`);
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new ServerKeyFileError(`the server key file ${file} is open to other users (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); run: chmod 600 ${file}`);
  }
  let parsed;
  try {
    parsed = keyFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    throw new ServerKeyFileError(`the server key file ${file} is not JSON`);
  }
  if (!parsed.success) throw new ServerKeyFileError(`the server key file ${file} is malformed (${parsed.error.issues[0]?.path.join('.') || 'root'})`);
  return { currentKeyId: parsed.data.current, keys: new Map(Object.entries(parsed.data.keys)), personIndexKey: parsed.data.personIndexKey };
}

/** Replaces the key file atomically (a new 0600 file renamed over it): a crash leaves the old or the new, never half. */
export function replaceServerKeyFile(file: string, keys: ServerKeys): void {
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  writeNew(temporary, encode(keys));
  renameSync(temporary, file);
}
