import { z } from 'zod';
import { defineCall } from './define-ipc';

/**
 * The `files` namespace: the one way the app writes outside its own profile.
 * The renderer never names a path. Main asks the person for a parent folder in
 * a native dialog and hands back an opaque location id; an export is then
 * written file by file under a temporary folder name and appears under its
 * final name only when every file is on disk (electron/files/).
 */

/** The only files an outcomes export may hold; anything else is refused before a byte is written. */
export const EXPORT_FILE_NAMES = ['outcomes.csv', 'outcomes.xlsx', 'outcomes.json', 'manifest.json'] as const;
/** The only files a findings export (#13) may hold: the figures, their one-page summary, the manifest. */
export const FINDINGS_EXPORT_FILE_NAMES = ['findings.csv', 'findings.xlsx', 'findings-summary.pdf', 'manifest.json'] as const;
export type ExportFileName = (typeof EXPORT_FILE_NAMES)[number] | (typeof FINDINGS_EXPORT_FILE_NAMES)[number];

/** What an export is; it decides the files the folder must hold, every one of them, and no other. */
export const EXPORT_KINDS = { outcomes: EXPORT_FILE_NAMES, findings: FINDINGS_EXPORT_FILE_NAMES } as const;
export type ExportKind = keyof typeof EXPORT_KINDS;
const exportFileNameSchema = z.enum([...EXPORT_FILE_NAMES, ...FINDINGS_EXPORT_FILE_NAMES.filter((name) => name !== 'manifest.json')]);

/** Per file, decoded. 9,000 outcomes are a few MiB in any of the formats; main refuses a file that grows past it. */
export const MAX_EXPORT_FILE_BYTES = 64 * 1024 * 1024;
/**
 * Per call: a file travels in pieces of at most this much base64 (768 KiB
 * decoded), because serialising one multi-MiB string for IPC blocks the
 * renderer's main thread for tens of milliseconds. A multiple of 4, so pieces
 * cut at this length decode on their own.
 */
export const MAX_EXPORT_PIECE_BASE64 = 1024 * 1024;

/**
 * The export folder's own name, e.g. `casedesk-export-2026-11-25-0193…`: a
 * single path segment of plain characters, never `.`-led (hidden, or `..`).
 */
export const exportFolderNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'letters, digits, ".", "-" or "_", not starting with "."');

/** Opaque ids main issues; 32 hex characters. */
const handleSchema = z.string().regex(/^[0-9a-f]{32}$/, 'an id issued by main');

/** One piece's base64: the harness bridge carries IPC as JSON text, so bytes travel as base64. */
export const exportFileContentSchema = z
  .string()
  .max(MAX_EXPORT_PIECE_BASE64)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

/**
 * One piece of one file. `offset` is the file's bytes already sent, so main
 * refuses a piece that is missing, repeated or out of order; `last` closes the
 * file. A piece that is not the last must be whole base64 quads (no padding),
 * or the pieces would not decode to the file's bytes.
 */
const exportFilePieceSchema = z
  .strictObject({
    exportId: handleSchema,
    name: exportFileNameSchema,
    offset: z.number().int().min(0).max(MAX_EXPORT_FILE_BYTES),
    contentBase64: exportFileContentSchema,
    last: z.boolean(),
  })
  .refine((piece) => piece.last || (piece.contentBase64.length % 4 === 0 && !piece.contentBase64.endsWith('=')), {
    message: 'a piece before the last must be whole base64 quads without padding',
    path: ['contentBase64'],
  });

export const FILES_ERROR_CODES = [
  /** The person closed the folder dialog without choosing. */
  'ExportCancelled',
  /** The location or export id is not one main issued (or it was used up). */
  'ExportUnknown',
  /** A folder or file with the export's name is already in the chosen folder. */
  'ExportFolderExists',
  /** The same file was sent twice in one export. */
  'ExportFileRepeated',
  /** Finish was asked before every file of the export was written. */
  'ExportIncomplete',
  /** A file's piece did not start where the bytes already sent end (one missing, repeated or out of order). */
  'ExportPieceOutOfOrder',
  /** The disk refused: no permission, full, the folder vanished. The partial export is removed. */
  'ExportWriteFailed',
] as const;
export type FilesErrorCode = (typeof FILES_ERROR_CODES)[number];

export interface ExportLocation {
  readonly locationId: string;
  /** The folder the person chose, to show back to them (a path on their own disk, never case data). */
  readonly folderPath: string;
}

export const filesContract = {
  /** Opens the native folder dialog; one location id per choice, good for one export. */
  chooseExportLocation: defineCall<ExportLocation>()({
    input: z.undefined(),
    errorCodes: FILES_ERROR_CODES,
  }),
  /** Starts an export under a temporary hidden name inside the chosen folder (an outcomes export unless `kind` says otherwise). */
  beginExport: defineCall<{ readonly exportId: string }>()({
    input: z.strictObject({ locationId: handleSchema, folderName: exportFolderNameSchema, kind: z.enum(['outcomes', 'findings']).optional() }),
    errorCodes: FILES_ERROR_CODES,
  }),
  /**
   * One piece of one file, appended to its temp file inside the temporary
   * folder; the last piece fsyncs it and renames it to its name. Answers the
   * file's bytes written so far.
   */
  writeExportFile: defineCall<{ readonly bytesWritten: number }>()({
    input: exportFilePieceSchema,
    errorCodes: FILES_ERROR_CODES,
  }),
  /** Every file written: the folder is renamed to its final name. */
  finishExport: defineCall<{ readonly folderPath: string }>()({
    input: z.strictObject({ exportId: handleSchema }),
    errorCodes: FILES_ERROR_CODES,
  }),
  /** Gives up: the temporary folder and everything in it are removed. */
  abortExport: defineCall<void>()({
    input: z.strictObject({ exportId: handleSchema }),
    errorCodes: FILES_ERROR_CODES,
  }),
} as const;
