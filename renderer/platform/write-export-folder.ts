import type { CasedeskApi } from '../../shared/ipc/casedesk-api';
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

/**
 * Writes built export files through main: asks for a folder, sends the files
 * one call each (in the order given: manifest last), records the disclosure,
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
): Promise<{ folderPath: string }> {
  const total = folder.files.length;
  onProgress({ step: 'choosing-folder', filesWritten: 0, filesTotal: total });
  const { locationId } = await unwrapMainCall(files.chooseExportLocation());
  const { exportId } = await unwrapMainCall(files.beginExport({ locationId, folderName: folder.folderName, ...(folder.kind === 'outcomes' ? {} : { kind: folder.kind }) }));
  try {
    for (const [index, file] of folder.files.entries()) {
      onProgress({ step: 'writing', filesWritten: index, filesTotal: total });
      await unwrapMainCall(files.writeExportFile({ exportId, name: file.name, contentBase64: file.contentBase64 }));
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
