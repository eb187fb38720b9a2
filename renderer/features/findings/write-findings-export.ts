import { buildFindingsExport, type FindingsExportInput } from '../../../shared/findings/build-findings-export';
import type { FindingsManifest } from '../../../shared/findings/findings-manifest';
import { bytesToBase64 } from '../../vault/byte-encoding';
import { auditDetail, writeExportFolder, type ExportProgress, type FilesPort } from '../../platform/write-export-folder';
import type { Vault } from '../../vault/vault';

export interface WrittenFindingsExport {
  readonly folderPath: string;
  readonly manifest: FindingsManifest;
}

/**
 * Exports the findings under the lead's filter: findings.csv, findings.xlsx,
 * findings-summary.pdf and the signed manifest, written by main as one
 * folder, with a disclosure event per batch whose outcomes are in the
 * figures (recipient and justification named) before the folder is final.
 */
export async function writeFindingsExport(
  dependencies: { readonly vault: Vault; readonly files: FilesPort; readonly signingKey: CryptoKey },
  input: FindingsExportInput,
  onProgress: (progress: ExportProgress) => void = () => undefined,
): Promise<WrittenFindingsExport> {
  onProgress({ step: 'building', filesWritten: 0, filesTotal: 4 });
  const built = await buildFindingsExport(input, dependencies.signingKey);
  const { folderPath } = await writeExportFolder(
    dependencies.files,
    { kind: 'findings', folderName: `casedesk-findings-${input.createdAt.slice(0, 10)}-${input.exportId}`, files: built.files.map((file) => ({ name: file.name, contentBase64: bytesToBase64(file.bytes) })) },
    async () => {
      for (const batch of built.manifest.batches) {
        const detail = `Findings export ${input.exportId}: figures over ${batch.outcomes} outcomes to ${input.recipient}. Justification: ${input.justification}`;
        await dependencies.vault.recordAudit({ kind: 'disclosure', batchId: batch.batchId, detail: auditDetail(detail) });
      }
    },
    onProgress,
  );
  return { folderPath, manifest: built.manifest };
}
