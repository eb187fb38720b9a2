import { readFileSync, statSync } from 'node:fs';
import { isPostgresUrl } from '../storage/open-storage';

/**
 * The PostgreSQL password never rides on the command line, where every local
 * user reads it in the process list: it comes from PGPASSWORD (read by the
 * driver itself), from a file given by `--db-password-file`, or from a
 * `$CASEDESK_DB` URL (the environment is readable by the same user only).
 */

export function hasPassword(database: string): boolean {
  if (!isPostgresUrl(database)) return false;
  try {
    return new URL(database).password !== '';
  } catch {
    return false;
  }
}

/** Why `--db postgres://user:secret@…` is refused (before anything connects), or null when it holds no password. */
export function passwordOnCommandLineProblem(databaseArgument: string | undefined): string | null {
  if (databaseArgument === undefined || !hasPassword(databaseArgument)) return null;
  return (
    'a password in --db is visible to every local user in the process list; ' +
    'give it in PGPASSWORD, in a file named by --db-password-file, or put the URL in $CASEDESK_DB'
  );
}

export type PasswordFileReading = { readonly ok: true; readonly password: string } | { readonly ok: false; readonly problem: string };

/** Reads a password file like libpq's .pgpass: it must not be open to group or others. */
export function readPasswordFile(file: string): PasswordFileReading {
  let mode: number;
  let text: string;
  try {
    mode = statSync(file).mode;
    text = readFileSync(file, 'utf8');
  } catch {
    return { ok: false, problem: `cannot read the password file ${file}` };
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    return { ok: false, problem: `the password file ${file} is open to other users (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); run chmod 600 on it` };
  }
  const password = text.replace(/\r?\n$/, '');
  if (password === '' || /[\r\n]/.test(password)) return { ok: false, problem: `the password file ${file} must hold one non-empty line` };
  return { ok: true, password };
}
