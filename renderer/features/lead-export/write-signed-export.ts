import { buildSignedExport } from '../../../shared/lead-export/build-signed-export';
import type { ExportInput } from '../../../shared/lead-export/export-input';
import type { ExportManifest } from '../../../shared/lead-export/export-manifest';
import { auditDetail, writeExportFolder, type ExportProgress, type FilesPort } from '../../platform/write-export-folder';
import type { Vault } from '../../vault/vault';

export type { ExportProgress, FilesPort } from '../../platform/write-export-folder';

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
  dependencies: { readonly vault: Vault; readonly files: FilesPort; readonly signingKey: CryptoKey },
  input: ExportInput,
  onProgress: (progress: ExportProgress) => void = () => undefined,
): Promise<WrittenExport> {
  const { vault, files, signingKey } = dependencies;
  onProgress({ step: 'building', filesWritten: 0, filesTotal: 4 });
  const built = await buildSignedExport(input, signingKey);
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
