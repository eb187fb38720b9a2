import type { CasedeskApi } from '../../../shared/ipc/casedesk-api';
import type { ExportFileName } from '../../../shared/ipc/files-contract';
import { buildSignedExport } from '../../../shared/lead-export/build-signed-export';
import type { ExportInput } from '../../../shared/lead-export/export-input';
import type { ExportManifest } from '../../../shared/lead-export/export-manifest';
import { unwrapMainCall } from '../../platform/main-bridge';
import { bytesToBase64 } from '../../vault/byte-encoding';
import type { Vault } from '../../vault/vault';

/** The main process's `files` namespace, as the renderer reaches it (window.casedesk.files). */
export type FilesPort = CasedeskApi['files'];

export interface ExportProgress {
  readonly step: 'building' | 'choosing-folder' | 'writing' | 'finishing';
  readonly filesWritten: number;
  readonly filesTotal: number;
  /** While building: data files built so far (the manifest is signed last). */
  readonly filesBuilt?: number;
}

/** One file ready for the `files` namespace: base64, as the IPC contract carries bytes. */
export interface EncodedExportFile {
  readonly name: ExportFileName;
  readonly contentBase64: string;
}

/** Builds and signs the files; the app runs it in a worker (build-export-in-worker.ts) so the UI never waits on it. */
export type ExportBuilder = (
  input: ExportInput,
  signingKey: CryptoKey,
  onFileBuilt: (filesBuilt: number) => void,
) => Promise<{ files: readonly EncodedExportFile[]; manifest: ExportManifest }>;

/** On the calling thread: what tests in Node use. */
export const buildExportHere: ExportBuilder = async (input, signingKey, onFileBuilt) => {
  const built = await buildSignedExport(input, signingKey, onFileBuilt);
  return { files: built.files.map((file) => ({ name: file.name, contentBase64: bytesToBase64(file.bytes) })), manifest: built.manifest };
};

export interface WrittenExport {
  readonly folderPath: string;
  readonly manifest: ExportManifest;
}

/** The audit event's detail is capped by the protocol; the manifest keeps the full words. */
const MAX_AUDIT_DETAIL = 2000;

/**
 * Exports completed batches: builds and signs the four files (refusing with
 * ExportInputError before any dialog when the outcomes do not fit), asks main
 * for a folder, sends the files one call each (manifest last), records the
 * disclosure in the audit log, and only then lets main give the folder its
 * final name. The disclosure is recorded before the folder is complete on
 * purpose: an export that fails at the last step is recorded as attempted,
 * never a complete one unrecorded. Any failure after the folder was begun
 * asks main to remove it. Main's failures arrive as MainCallError with the
 * `files` contract's codes.
 */
export async function writeSignedExport(
  dependencies: { readonly vault: Vault; readonly files: FilesPort; readonly signingKey: CryptoKey; readonly build?: ExportBuilder },
  input: ExportInput,
  onProgress: (progress: ExportProgress) => void = () => undefined,
): Promise<WrittenExport> {
  const { vault, files, signingKey, build = buildExportHere } = dependencies;
  onProgress({ step: 'building', filesWritten: 0, filesTotal: 4 });
  const built = await build(input, signingKey, (filesBuilt) => onProgress({ step: 'building', filesWritten: 0, filesTotal: 4, filesBuilt }));
  const total = built.files.length;

  onProgress({ step: 'choosing-folder', filesWritten: 0, filesTotal: total });
  const { locationId } = await unwrapMainCall(files.chooseExportLocation());
  const { exportId } = await unwrapMainCall(files.beginExport({ locationId, folderName: exportFolderName(input) }));
  try {
    for (const [index, file] of built.files.entries()) {
      onProgress({ step: 'writing', filesWritten: index, filesTotal: total });
      await unwrapMainCall(files.writeExportFile({ exportId, name: file.name, contentBase64: file.contentBase64 }));
    }
    onProgress({ step: 'finishing', filesWritten: total, filesTotal: total });
    await recordDisclosure(vault, input, built.manifest);
    const { folderPath } = await unwrapMainCall(files.finishExport({ exportId }));
    return { folderPath, manifest: built.manifest };
  } catch (error) {
    // Best effort: main has already removed the folder after its own failures, and says ExportUnknown then.
    await files.abortExport({ exportId }).catch(() => undefined);
    throw error;
  }
}

/** `casedesk-export-2026-11-25-<exportId>`: sortable by day, unique by export. */
export function exportFolderName(input: Pick<ExportInput, 'createdAt' | 'exportId'>): string {
  return `casedesk-export-${input.createdAt.slice(0, 10)}-${input.exportId}`;
}

/** One disclosure event per batch (the audit log is filtered by batch), each naming recipient and justification. */
async function recordDisclosure(vault: Vault, input: ExportInput, manifest: ExportManifest): Promise<void> {
  for (const batch of manifest.batches) {
    const detail = `Export ${input.exportId}: ${batch.outcomes} outcomes to ${input.recipient}. Justification: ${input.justification}`;
    await vault.recordAudit({ kind: 'disclosure', batchId: batch.batchId, detail: truncate(detail, MAX_AUDIT_DETAIL) });
  }
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
