import type { ExportFileName } from '../ipc/files-contract';
import { manifestHeader, type ExportInput } from './export-input';
import { signManifest, sha256Hex, EXPORT_MANIFEST_FORMAT, unsignedManifestSchema, type ExportManifest, type UnsignedManifest } from './export-manifest';
import { buildOutcomeTable, ExportInputError, exportableOutcomes } from './outcome-table';
import { writeOutcomesCsv } from './outcomes-csv';
import { writeOutcomesJson } from './outcomes-json';
import { writeOutcomesXlsx } from './outcomes-xlsx';

export interface ExportFile {
  readonly name: ExportFileName;
  readonly bytes: Uint8Array<ArrayBuffer>;
}

/**
 * The four files of one export, manifest last (it hashes the others), ready
 * for the `files` IPC namespace to write. Throws ExportInputError (a code and
 * a count) when the outcomes do not fit the export.
 */
export async function buildSignedExport(
  input: ExportInput,
  signingKey: CryptoKey,
  /** Called after each data file is built (1 to 3), for a progress display. */
  onFileBuilt: (filesBuilt: number) => void = () => undefined,
): Promise<{ files: ExportFile[]; manifest: ExportManifest }> {
  const outcomes = exportableOutcomes(input);
  const table = buildOutcomeTable(input);
  const dataFiles: ExportFile[] = [{ name: 'outcomes.csv', bytes: toOwnBuffer(writeOutcomesCsv(table)) }];
  onFileBuilt(1);
  dataFiles.push({ name: 'outcomes.xlsx', bytes: toOwnBuffer(await writeOutcomesXlsx(table, new Date(input.createdAt))) });
  onFileBuilt(2);
  dataFiles.push({ name: 'outcomes.json', bytes: toOwnBuffer(writeOutcomesJson(input)) });
  onFileBuilt(3);
  const files = await Promise.all(
    dataFiles.map(async ({ name, bytes }) => ({ name: name as 'outcomes.csv' | 'outcomes.xlsx' | 'outcomes.json', bytes: bytes.byteLength, sha256: await sha256Hex(bytes) })),
  );
  const unsigned: UnsignedManifest = {
    format: EXPORT_MANIFEST_FORMAT,
    version: 1,
    ...manifestHeader(input),
    batches: input.batches.map(({ batchId, name }) => ({ batchId, name, outcomes: outcomes.filter((outcome) => outcome.batchId === batchId).length })),
    counts: {
      outcomes: outcomes.length,
      approved: outcomes.filter(({ review }) => review.status === 'approved').length,
      submittedWithoutQc: outcomes.filter(({ review }) => review.status === 'submitted').length,
    },
    template: { templateId: input.template.templateId, templateVersion: input.templateVersion },
    qcPolicy: { requireApproval: input.qcPolicy.requireApproval, sample: input.qcPolicy.sample },
    files,
  };
  // Checked here, not only when read back: a manifest this app could not verify must never be signed.
  if (!unsignedManifestSchema.safeParse(unsigned).success) throw new ExportInputError('DisclosureDetailsInvalid', 0);
  const manifest = await signManifest(unsigned, signingKey);
  const manifestBytes = new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
  return { files: [...dataFiles, { name: 'manifest.json', bytes: manifestBytes }], manifest };
}

/** WebCrypto wants a plain ArrayBuffer behind the view (not a Node pool slice or a SharedArrayBuffer). */
export function toOwnBuffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy;
}
