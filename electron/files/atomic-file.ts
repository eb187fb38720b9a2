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
      writeAllBytes(descriptor, bytes);
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

/**
 * The same guarantee for a file that arrives in pieces: each `append` adds to
 * a temp file beside the target (0600, created on start), `complete` fsyncs
 * it and renames it into place, `discard` removes it. The descriptor is
 * opened per piece, so a file abandoned between pieces holds none open.
 */
export interface AtomicFileInProgress {
  readonly bytesWritten: number;
  append(content: Uint8Array): void;
  complete(): void;
  discard(): void;
}

export function startAtomicFile(filePath: string): AtomicFileInProgress {
  const directory = path.dirname(filePath);
  const tempPath = path.join(directory, `.${path.basename(filePath)}.${randomBytes(6).toString('hex')}.tmp`);
  closeSync(openSync(tempPath, 'wx', 0o600));
  let bytesWritten = 0;
  const withDescriptor = (flags: string, work: (descriptor: number) => void) => {
    const descriptor = openSync(tempPath, flags);
    try {
      work(descriptor);
    } finally {
      closeSync(descriptor);
    }
  };
  return {
    get bytesWritten() {
      return bytesWritten;
    },
    append(content) {
      withDescriptor('a', (descriptor) => writeAllBytes(descriptor, content));
      bytesWritten += content.byteLength;
    },
    complete() {
      withDescriptor('r+', (descriptor) => fsyncSync(descriptor));
      renameSync(tempPath, filePath);
      syncDirectory(directory);
    },
    discard() {
      rmSync(tempPath, { force: true });
    },
  };
}

/** writeSync may write less than asked; loops until every byte is down. */
function writeAllBytes(descriptor: number, bytes: Uint8Array): void {
  let written = 0;
  while (written < bytes.byteLength) written += writeSync(descriptor, bytes, written, bytes.byteLength - written);
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
