import type { ExportInput, ExportedOutcome } from '../../../shared/lead-export/export-input';
import type { Batch } from '../../../shared/sync-protocol/pull';
import type { TemplateDefinition } from '../../../shared/review-template/template-definition';
import type { QcSamplesByBatch } from '../../state/qc-samples';
import type { TeamCase } from '../../state/team-store';

/**
 * Which batches a lead may export, and the export's input from what the
 * lead's device holds. Only the endpoint's state counts: a decision still on
 * its way from this device is not yet an approval anyone else can see.
 */
export type Exportability =
  /** Every case approved on the endpoint. */
  | 'approved'
  /** Every case submitted or approved: exportable only if the lead chooses to export without QC. */
  | 'submitted'
  /** Some case not submitted, returned, or with a decision not yet on the endpoint. */
  | 'incomplete';

export interface ExportCandidate {
  readonly batch: Batch;
  readonly exportability: Exportability;
  readonly approved: number;
  readonly submitted: number;
  /** Not started, returned, or waiting on a decision to reach the endpoint. */
  readonly open: number;
}

export function exportCandidates(batches: readonly Batch[], cases: readonly TeamCase[]): ExportCandidate[] {
  return batches.map((batch) => {
    const theirs = cases.filter((teamCase) => teamCase.batchId === batch.batchId);
    let approved = 0;
    let submitted = 0;
    for (const { review } of theirs) {
      if (!review?.server || review.qcPending || review.qcConflict) continue;
      if (review.server.status === 'approved') approved++;
      else if (review.server.status === 'submitted') submitted++;
    }
    const open = batch.caseIds.length - approved - submitted;
    const exportability: Exportability = open > 0 || batch.caseIds.length === 0 ? 'incomplete' : submitted > 0 ? 'submitted' : 'approved';
    return { batch, exportability, approved, submitted, open };
  });
}

export type ExportChoiceProblem =
  | 'NoBatchChosen'
  /** A chosen batch is not complete, or holds submitted reviews and the lead did not choose export without QC. */
  | 'BatchNotExportable'
  /** The chosen batches answer different templates (one export is one table). */
  | 'TemplatesDiffer'
  /** This device does not hold the template the batches answer. */
  | 'TemplateMissing'
  /** More than one chosen batch was sampled: the manifest records one sample. */
  | 'SeveralSamples';

export interface ExportChoice {
  readonly batchIds: readonly string[];
  readonly withoutQc: boolean;
  readonly recipient: string;
  readonly justification: string;
}

export interface ExportIdentity {
  readonly exportId: string;
  readonly createdAt: string;
  readonly lead: ExportInput['lead'];
  readonly device: ExportInput['device'];
}

export function exportInputFor(
  choice: ExportChoice,
  team: { readonly batches: readonly Batch[]; readonly cases: readonly TeamCase[]; readonly templates: Readonly<Record<string, Readonly<Record<string, TemplateDefinition>>>>; readonly qcSamples: QcSamplesByBatch },
  identity: ExportIdentity,
): { input: ExportInput } | { problem: ExportChoiceProblem } {
  if (choice.batchIds.length === 0) return { problem: 'NoBatchChosen' };
  const chosen = new Set(choice.batchIds);
  const candidates = exportCandidates(team.batches.filter((batch) => chosen.has(batch.batchId)), team.cases);
  if (candidates.some(({ exportability }) => exportability === 'incomplete' || (exportability === 'submitted' && !choice.withoutQc))) return { problem: 'BatchNotExportable' };
  const { templateId, templateVersion } = candidates[0]!.batch;
  if (candidates.some(({ batch }) => batch.templateId !== templateId || batch.templateVersion !== templateVersion)) return { problem: 'TemplatesDiffer' };
  const template = team.templates[templateId]?.[String(templateVersion)];
  if (!template) return { problem: 'TemplateMissing' };
  const samples = candidates.flatMap(({ batch }) => team.qcSamples[batch.batchId] ?? []);
  if (samples.length > 1) return { problem: 'SeveralSamples' };
  const sample = samples[0];
  const outcomes = team.cases
    .filter((teamCase) => chosen.has(teamCase.batchId))
    .map((teamCase): ExportedOutcome => ({ caseId: teamCase.caseId, caseReference: teamCase.reference, batchId: teamCase.batchId, review: teamCase.review!.server! }));
  return {
    input: {
      ...identity,
      recipient: choice.recipient.trim(),
      justification: choice.justification.trim(),
      batches: candidates.map(({ batch }) => ({ batchId: batch.batchId, name: batch.name })),
      template,
      templateVersion,
      qcPolicy: {
        requireApproval: !choice.withoutQc,
        sample: sample ? { method: sample.rule.method, value: sample.rule.value, seed: sample.seed, drawnCount: sample.caseIds.length } : null,
      },
      outcomes,
    },
  };
}
