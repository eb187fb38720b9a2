import type { CasedeskApi } from '../../shared/ipc/casedesk-api';
import { exportFilePieces } from '../../shared/ipc/export-file-pieces';
import type { ExportFileName, ExportKind } from '../../shared/ipc/files-contract';
import { unwrapMainCall } from './main-bridge';

/** The main process's `files` namespace, as the renderer reaches it (window.casedesk.files). */
export type FilesPort = CasedeskApi['files'];

export interface ExportProgress {
  readonly step: 'building' | 'choosing-folder' | 'writing' | 'finishing';
  readonly filesWritten: number;
  readonly filesTotal: number;
  /** While building: data files built so far (the manifest is signed last). */
  readonly filesBuilt?: number;
}

/**
 * One file ready for the `files` namespace: base64, as the IPC contract
 * carries bytes. Encoded by the builder (off the UI thread for the lead's
 * export), because encoding megabytes here would block a frame.
 */
export interface EncodedExportFile {
  readonly name: ExportFileName;
  readonly contentBase64: string;
}

/** Base64 characters per IPC call: a piece serialises in a few milliseconds. */
const EXPORT_PIECE_BASE64 = 256 * 1024;

/** A macrotask, so input and frames run between pieces (an IPC answer alone resolves as a microtask in tests). */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Writes built export files through main: asks for a folder, sends the files
 * in the order given (manifest last), each in pieces with a macrotask between
 * them, because serialising a multi-MiB string for one IPC call would block
 * the UI for tens of milliseconds; then records the disclosure,
 * and only then lets main give the folder its final name. The disclosure is
 * recorded before the folder is complete on purpose: an export that fails at
 * the last step is recorded as attempted, never a complete one unrecorded.
 * Any failure after the folder was begun asks main to remove it. Main's
 * failures arrive as MainCallError with the `files` contract's codes.
 */
export async function writeExportFolder(
  files: FilesPort,
  folder: { readonly kind: ExportKind; readonly folderName: string; readonly files: readonly EncodedExportFile[] },
  recordDisclosure: () => Promise<void>,
  onProgress: (progress: ExportProgress) => void,
  pieceLength = EXPORT_PIECE_BASE64,
): Promise<{ folderPath: string }> {
  const total = folder.files.length;
  onProgress({ step: 'choosing-folder', filesWritten: 0, filesTotal: total });
  const { locationId } = await unwrapMainCall(files.chooseExportLocation());
  const { exportId } = await unwrapMainCall(files.beginExport({ locationId, folderName: folder.folderName, ...(folder.kind === 'outcomes' ? {} : { kind: folder.kind }) }));
  try {
    for (const [index, file] of folder.files.entries()) {
      onProgress({ step: 'writing', filesWritten: index, filesTotal: total });
      let offset = 0;
      for (const piece of exportFilePieces(file.contentBase64, pieceLength)) {
        ({ bytesWritten: offset } = await unwrapMainCall(files.writeExportFile({ exportId, name: file.name, offset, ...piece })));
        await nextTask();
      }
    }
    onProgress({ step: 'finishing', filesWritten: total, filesTotal: total });
    await recordDisclosure();
    return await unwrapMainCall(files.finishExport({ exportId }));
  } catch (error) {
    // Best effort: main has already removed the folder after its own failures, and says ExportUnknown then.
    await files.abortExport({ exportId }).catch(() => undefined);
    throw error;
  }
}

/** The audit event's detail is capped by the protocol; the manifest keeps the full words. */
const MAX_AUDIT_DETAIL = 2000;

export function auditDetail(text: string): string {
  return text.length <= MAX_AUDIT_DETAIL ? text : `${text.slice(0, MAX_AUDIT_DETAIL - 1)}…`;
}
