import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * Temp file in the same folder (so the rename cannot cross file systems),
 * fsync, rename over the old file, fsync the folder: after a crash the file
 * is either the old content or the new, never half of each. Mode 0600: only
 * the OS user who runs the app can read it.
 */
export function writeFileAtomically(filePath: string, content: string | Uint8Array): void {
  const directory = path.dirname(filePath);
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const tempPath = path.join(directory, `.${path.basename(filePath)}.${randomBytes(6).toString('hex')}.tmp`);
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const descriptor = openSync(tempPath, 'wx', 0o600);
  try {
    try {
      let written = 0;
      // writeSync may write less than asked; loop until every byte is down.
      while (written < bytes.byteLength) written += writeSync(descriptor, bytes, written, bytes.byteLength - written);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(tempPath, filePath);
  } catch (error) {
    rmSync(tempPath, { force: true });
    throw error;
  }
  syncDirectory(directory);
}

/** Makes a rename or unlink inside `directory` durable. */
export function syncDirectory(directory: string): void {
  // Windows cannot open a directory for fsync; there the rename alone is what the OS offers.
  if (process.platform === 'win32') return;
  const descriptor = openSync(directory, 'r');
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}
