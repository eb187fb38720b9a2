import type { ExportFileName } from '../ipc/files-contract';
import { sha256Hex, signJsonDocument } from '../lead-export/export-manifest';
import { toOwnBuffer } from '../lead-export/build-signed-export';
import { manifestHeader, type DisclosureHeader } from '../lead-export/export-input';
import { ExportInputError } from '../lead-export/outcome-table';
import { writeOutcomesCsv } from '../lead-export/outcomes-csv';
import { writeOutcomesXlsx } from '../lead-export/outcomes-xlsx';
import { computeFindings, outcomePassesFilter, type FindingsFilter, type FindingsOutcome } from './compute-findings';
import { FINDINGS_MANIFEST_FORMAT, unsignedFindingsManifestSchema, type FindingsManifest, type UnsignedFindingsManifest } from './findings-manifest';
import { writeFindingsSummaryPdf } from './findings-summary-pdf';
import { buildFindingsTable } from './findings-table';
import type { VersionedTemplate } from '../review-template/template-definition';

/** Everything one findings export is built from, gathered by the lead's app from its vault. */
export interface FindingsExportInput extends DisclosureHeader {
  readonly outcomes: readonly FindingsOutcome[];
  readonly templates: readonly VersionedTemplate[];
  readonly batchNames: ReadonlyMap<string, string>;
  readonly filter: FindingsFilter;
}

export interface FindingsExportFile {
  readonly name: ExportFileName;
  readonly bytes: Uint8Array<ArrayBuffer>;
}

/**
 * The findings under the lead's filter as findings.csv, findings.xlsx and
 * findings-summary.pdf, then the signed manifest (last: it hashes the
 * others). The figures are computed here from the same input as the view,
 * so the files say what the screen says. Refuses (ExportInputError) an
 * export with no outcome in scope or without recipient and justification.
 */
export async function buildFindingsExport(input: FindingsExportInput, signingKey: CryptoKey): Promise<{ files: FindingsExportFile[]; manifest: FindingsManifest }> {
  const findings = computeFindings(input.outcomes, input.templates, input.filter);
  if (findings.outcomesInScope === 0) throw new ExportInputError('NoOutcomes', 0);
  const inScope = input.outcomes.filter((outcome) => outcomePassesFilter(outcome, input.filter));
  const table = buildFindingsTable(findings);
  const dataFiles = [
    { name: 'findings.csv' as const, bytes: toOwnBuffer(writeOutcomesCsv(table)) },
    { name: 'findings.xlsx' as const, bytes: toOwnBuffer(await writeOutcomesXlsx(table, new Date(input.createdAt), 'Findings')) },
    {
      name: 'findings-summary.pdf' as const,
      bytes: toOwnBuffer(
        writeFindingsSummaryPdf(findings, {
          title: 'CaseDesk findings summary',
          lines: [
            `Export ${input.exportId}, ${input.createdAt}, by ${input.lead.userId} on ${input.device.deviceName}.`,
            `For ${input.recipient}. Filter: ${filterWords(input.filter, input.batchNames)}.`,
            'Shares are of the outcomes in scope for each question; for a multiple choice they can add up to more than 100%.',
          ],
        }),
      ),
    },
  ];
  const batchIds = [...new Set(inScope.map((outcome) => outcome.batchId))].sort();
  const unsigned: UnsignedFindingsManifest = {
    format: FINDINGS_MANIFEST_FORMAT,
    version: 1,
    ...manifestHeader(input),
    filter: { ...input.filter, batchIds: [...input.filter.batchIds], boroughs: [...input.filter.boroughs], reviewerIds: [...input.filter.reviewerIds], statuses: [...input.filter.statuses] },
    counts: { outcomesInScope: findings.outcomesInScope, withoutTemplate: findings.withoutTemplate },
    batches: batchIds.map((batchId) => ({ batchId, name: input.batchNames.get(batchId) ?? batchId, outcomes: inScope.filter((outcome) => outcome.batchId === batchId).length })),
    templates: findings.templates.map((template) => ({ templateId: template.templateId, versions: [...template.versions] })),
    files: await Promise.all(dataFiles.map(async ({ name, bytes }) => ({ name, bytes: bytes.byteLength, sha256: await sha256Hex(bytes) }))),
  };
  // A manifest the verifier would refuse is never signed.
  if (!unsignedFindingsManifestSchema.safeParse(unsigned).success) throw new ExportInputError('DisclosureDetailsInvalid', 0);
  const manifest = await signJsonDocument(unsigned, signingKey);
  return { files: [...dataFiles, { name: 'manifest.json', bytes: toOwnBuffer(new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`)) }], manifest };
}

/** The filter in words for the printed summary (the manifest carries it exactly). */
export function filterWords(filter: FindingsFilter, batchNames: ReadonlyMap<string, string>): string {
  const parts = [
    filter.batchIds.length > 0 && `batches ${filter.batchIds.map((id) => batchNames.get(id) ?? id).join(', ')}`,
    filter.boroughs.length > 0 && `boroughs ${filter.boroughs.join(', ')}`,
    filter.reviewerIds.length > 0 && `reviewers ${filter.reviewerIds.join(', ')}`,
    filter.statuses.length > 0 && `status ${filter.statuses.join(', ')}`,
    (filter.periodFrom !== null || filter.periodTo !== null) && `case period overlapping ${filter.periodFrom ?? 'any time'} to ${filter.periodTo ?? 'any time'}`,
  ].filter((part): part is string => typeof part === 'string');
  return parts.length === 0 ? 'none (every submitted and approved review held)' : parts.join('; ');
}
