import { buildSignedExport } from '../../../shared/lead-export/build-signed-export';
import type { ExportInput } from '../../../shared/lead-export/export-input';
import type { ExportManifest } from '../../../shared/lead-export/export-manifest';
import { auditDetail, writeExportFolder, type EncodedExportFile, type ExportProgress, type FilesPort } from '../../platform/write-export-folder';
import { bytesToBase64 } from '../../vault/byte-encoding';
import type { Vault } from '../../vault/vault';

export type { EncodedExportFile, ExportProgress, FilesPort } from '../../platform/write-export-folder';

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

/**
 * Exports completed batches: builds and signs the four files (refusing with
 * ExportInputError before any dialog when the outcomes do not fit), then has
 * main write them as one folder (platform/write-export-folder.ts), recording
 * the disclosure per batch before the folder gets its final name.
 */
export async function writeSignedExport(
  dependencies: { readonly vault: Vault; readonly files: FilesPort; readonly signingKey: CryptoKey; readonly build?: ExportBuilder },
  input: ExportInput,
  onProgress: (progress: ExportProgress) => void = () => undefined,
): Promise<WrittenExport> {
  const { vault, files, signingKey, build = buildExportHere } = dependencies;
  onProgress({ step: 'building', filesWritten: 0, filesTotal: 4 });
  const built = await build(input, signingKey, (filesBuilt) => onProgress({ step: 'building', filesWritten: 0, filesTotal: 4, filesBuilt }));
  const { folderPath } = await writeExportFolder(
    files,
    { kind: 'outcomes', folderName: exportFolderName(input), files: built.files },
    () => recordDisclosure(vault, input, built.manifest),
    onProgress,
  );
  return { folderPath, manifest: built.manifest };
}

/** `casedesk-export-2026-11-25-<exportId>`: sortable by day, unique by export. */
export function exportFolderName(input: Pick<ExportInput, 'createdAt' | 'exportId'>): string {
  return `casedesk-export-${input.createdAt.slice(0, 10)}-${input.exportId}`;
}

/** One disclosure event per batch (the audit log is filtered by batch), each naming recipient and justification. */
async function recordDisclosure(vault: Vault, input: ExportInput, manifest: ExportManifest): Promise<void> {
  for (const batch of manifest.batches) {
    const detail = `Export ${input.exportId}: ${batch.outcomes} outcomes to ${input.recipient}. Justification: ${input.justification}`;
    await vault.recordAudit({ kind: 'disclosure', batchId: batch.batchId, detail: auditDetail(detail) });
  }
}
