import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { EXPORT_KINDS, MAX_EXPORT_FILE_BYTES, type ExportFileName, type ExportKind } from '../../shared/ipc/files-contract';
import { startAtomicFile, syncDirectory, type AtomicFileInProgress } from './atomic-file';

/**
 * One export as a folder that appears under its final name only when every
 * file is in it: files are written (each temp file + fsync + rename) inside a
 * hidden temporary folder beside the final one, which is renamed at the end.
 * A file may arrive in pieces, appended in order to its temp file.
 * A crash at any point leaves at most the hidden folder, never a folder under
 * the export's name; the next export into the same parent removes it.
 */

/** `.casedesk-export-<12 hex>.partial`: hidden, and recognisably ours, so stale ones can be removed safely. */
const PARTIAL_FOLDER_PATTERN = /^\.casedesk-export-[0-9a-f]{12}\.partial$/;

export type ExportWriteProblem = 'ExportFolderExists' | 'ExportFileRepeated' | 'ExportIncomplete' | 'ExportPieceOutOfOrder' | 'ExportWriteFailed';

export class ExportWriteError extends Error {
  constructor(readonly problem: ExportWriteProblem) {
    super(`Export not written: ${problem}`);
    this.name = 'ExportWriteError';
  }
}

export interface ExportFolderWriter {
  /** The hidden folder the files go to until `finish`. */
  readonly partialPath: string;
  writeFile(name: ExportFileName, content: Uint8Array): void;
  /**
   * Appends one piece: `offset` must be the file's bytes written so far
   * (ExportPieceOutOfOrder otherwise, nothing written); `last` closes the
   * file. Returns the file's bytes written so far.
   */
  writeFilePiece(name: ExportFileName, offset: number, content: Uint8Array, last: boolean): number;
  /** Renames the folder to its final name; returns that path. */
  finish(): string;
  /** Removes the partial folder and everything in it. */
  abort(): void;
}

export interface BeginExportOptions {
  /** Partial folders of exports still running in this process: not stale, so not removed. */
  readonly partialsInUse?: ReadonlySet<string>;
  /** Decides the files allowed (and required): an outcomes export unless given. */
  readonly kind?: ExportKind;
  /** Which files `finish` requires; every allowed file unless a test narrows it. */
  readonly requiredFiles?: readonly ExportFileName[];
  /** Per file; MAX_EXPORT_FILE_BYTES unless a test narrows it. */
  readonly maxFileBytes?: number;
}

export function beginExportFolder(parentDir: string, folderName: string, options: BeginExportOptions = {}): ExportFolderWriter {
  const finalPath = path.join(parentDir, folderName);
  if (path.dirname(finalPath) !== path.resolve(parentDir) || path.basename(finalPath) !== folderName) {
    // The contract's schema already allows one plain segment only; this guards a caller that skipped it.
    throw new ExportWriteError('ExportWriteFailed');
  }
  if (pathExists(finalPath)) throw new ExportWriteError('ExportFolderExists');
  removeStalePartialFolders(parentDir, options.partialsInUse ?? new Set());

  const partialPath = path.join(parentDir, `.casedesk-export-${randomBytes(6).toString('hex')}.partial`);
  try {
    mkdirSync(partialPath, { mode: 0o700 });
  } catch {
    throw new ExportWriteError('ExportWriteFailed');
  }
  const written = new Set<ExportFileName>();
  const allowedFiles: readonly ExportFileName[] = EXPORT_KINDS[options.kind ?? 'outcomes'];
  const requiredFiles = options.requiredFiles ?? allowedFiles;
  const maxFileBytes = options.maxFileBytes ?? MAX_EXPORT_FILE_BYTES;
  const inProgress = new Map<ExportFileName, AtomicFileInProgress>();
  let state: 'open' | 'finished' | 'aborted' = 'open';

  const abort = () => {
    if (state !== 'open') return;
    state = 'aborted';
    rmSync(partialPath, { recursive: true, force: true });
  };
  // Any disk failure removes what was written so far: a half export is worse than none.
  const orAbort = <Value>(work: () => Value): Value => {
    try {
      return work();
    } catch (error) {
      abort();
      if (error instanceof ExportWriteError) throw error;
      throw new ExportWriteError('ExportWriteFailed');
    }
  };

  const writeFilePiece = (name: ExportFileName, offset: number, content: Uint8Array, last: boolean): number => {
    if (state !== 'open') throw new ExportWriteError('ExportWriteFailed');
    if (!allowedFiles.includes(name)) throw new ExportWriteError('ExportWriteFailed');
    if (written.has(name)) throw new ExportWriteError('ExportFileRepeated');
    const started = inProgress.get(name);
    if (offset !== (started?.bytesWritten ?? 0)) throw new ExportWriteError('ExportPieceOutOfOrder');
    // Over the cap is not a slip the caller can correct: the export ends.
    if (offset + content.byteLength > maxFileBytes) return orAbort(() => { throw new ExportWriteError('ExportWriteFailed'); });
    return orAbort(() => {
      const file = started ?? startAtomicFile(path.join(partialPath, name));
      inProgress.set(name, file);
      file.append(content);
      if (last) {
        file.complete();
        inProgress.delete(name);
        written.add(name);
      }
      return file.bytesWritten;
    });
  };

  return {
    partialPath,
    writeFile(name, content) {
      writeFilePiece(name, 0, content, true);
    },
    writeFilePiece,
    finish() {
      if (state !== 'open') throw new ExportWriteError('ExportWriteFailed');
      if (requiredFiles.some((name) => !written.has(name))) throw new ExportWriteError('ExportIncomplete');
      return orAbort(() => {
        syncDirectory(partialPath);
        // rename(2) would silently replace an empty folder of the same name; check first.
        // (A folder created in the instant between the check and the rename is the one race left.)
        if (pathExists(finalPath)) throw new ExportWriteError('ExportFolderExists');
        renameSync(partialPath, finalPath);
        syncDirectory(parentDir);
        state = 'finished';
        return finalPath;
      });
    },
    abort,
  };
}

function pathExists(target: string): boolean {
  try {
    lstatSync(target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new ExportWriteError('ExportWriteFailed');
  }
}

function removeStalePartialFolders(parentDir: string, inUse: ReadonlySet<string>): void {
  let names: string[];
  try {
    names = readdirSync(parentDir);
  } catch {
    throw new ExportWriteError('ExportWriteFailed');
  }
  for (const name of names) {
    if (!PARTIAL_FOLDER_PATTERN.test(name)) continue;
    const stale = path.join(parentDir, name);
    if (inUse.has(stale)) continue;
    // Best effort: a leftover we cannot remove stays hidden and never passes for an export.
    try {
      rmSync(stale, { recursive: true, force: true });
    } catch {
      // Kept: the next export tries again.
    }
  }
}
