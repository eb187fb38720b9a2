import { closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The SQLite file holds every case file the server knows. Under the usual
 * umask 022 SQLite would create it 0644 in a 0755 folder, readable by every
 * local user; so the folder is created 0700 and the file 0600 before SQLite
 * opens it (SQLite gives its -wal and -shm files the database file's mode),
 * and a file that others can already reach is refused rather than used.
 */

/** Files SQLite keeps beside the database in WAL mode. */
const COMPANION_SUFFIXES = ['', '-wal', '-shm'] as const;
const GROUP_OR_OTHER = 0o077;

/** A database file (or its -wal / -shm) is open to other local users: the server will not start on it. */
export class DatabaseFileExposedError extends Error {
  constructor(
    readonly file: string,
    readonly mode: number,
  ) {
    super(
      `${file} is open to other users (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); ` +
        `run chmod 600 on it and its -wal and -shm files, and chmod 700 on its folder, then start again`,
    );
    this.name = 'DatabaseFileExposedError';
  }
}

/** Creates the folder (0700) and the empty database file (0600) where missing, then checks every file's mode. */
export function prepareSqliteFiles(file: string): void {
  // Windows has no POSIX modes to set or check; its ACLs are the operator's to set.
  if (process.platform === 'win32') return;
  const resolved = path.resolve(file);
  mkdirSync(path.dirname(resolved), { recursive: true, mode: 0o700 });
  if (!existsSync(resolved)) {
    try {
      closeSync(openSync(resolved, 'wx', 0o600));
    } catch (error) {
      // Another process created it first: its mode is checked below like any existing file.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  checkSqliteFileModes(resolved);
}

export function checkSqliteFileModes(file: string): void {
  if (process.platform === 'win32') return;
  for (const suffix of COMPANION_SUFFIXES) {
    let mode: number;
    try {
      mode = statSync(`${file}${suffix}`).mode;
    } catch {
      continue;
    }
    if ((mode & GROUP_OR_OTHER) !== 0) throw new DatabaseFileExposedError(`${file}${suffix}`, mode);
  }
}
