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

/** Per file, decoded. 9,000 outcomes are a few MiB in any of the formats; the cap keeps one call's memory bounded. */
export const MAX_EXPORT_FILE_BYTES = 64 * 1024 * 1024;
const MAX_EXPORT_FILE_BASE64 = Math.ceil(MAX_EXPORT_FILE_BYTES / 3) * 4;

/**
 * The export folder's own name, e.g. `casedesk-export-2026-11-25-0193…`: a
 * single path segment of plain characters, never `.`-led (hidden, or `..`).
 */
export const exportFolderNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'letters, digits, ".", "-" or "_", not starting with "."');

/** Opaque ids main issues; 32 hex characters. */
const handleSchema = z.string().regex(/^[0-9a-f]{32}$/, 'an id issued by main');

/** Base64 of at most MAX_EXPORT_FILE_BYTES: the harness bridge carries IPC as JSON text, so bytes travel as base64. */
export const exportFileContentSchema = z
  .string()
  .max(MAX_EXPORT_FILE_BASE64)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

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
  /** One file: temp file, fsync, rename, all inside the temporary folder. */
  writeExportFile: defineCall<{ readonly bytesWritten: number }>()({
    input: z.strictObject({ exportId: handleSchema, name: exportFileNameSchema, contentBase64: exportFileContentSchema }),
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
