import { z } from 'zod';
import { templateDefinitionSchema } from '../review-template/template-definition';
import { outcomeAnswersSchema } from '../review-template/validate-outcome';
import { qcDecisionSchema } from '../sync-protocol/pull';
import type { ExportInput } from './export-input';
import { exportableOutcomes } from './outcome-table';

/**
 * outcomes.json: for systems. Every outcome in full (answers by field id,
 * values as the template defines them, the QC decision) with the template
 * they answer, so the file is read without CaseDesk. Not neutralised: JSON is
 * not opened by a spreadsheet, and a consumer must get the reviewer's exact text.
 */
export const OUTCOMES_JSON_FORMAT = 'casedesk-outcomes';

export function writeOutcomesJson(input: ExportInput): Uint8Array {
  const document = {
    format: OUTCOMES_JSON_FORMAT,
    version: 1,
    exportId: input.exportId,
    createdAt: input.createdAt,
    template: { templateVersion: input.templateVersion, definition: input.template },
    batches: input.batches.map(({ batchId, name }) => ({ batchId, name })),
    outcomes: exportableOutcomes(input).map(({ caseId, caseReference, batchId, review }) => ({
      caseId,
      caseReference,
      batchId,
      reviewerId: review.reviewerId,
      version: review.version,
      status: review.status,
      submittedAt: review.submittedAt,
      answers: review.answers,
      qc: review.qc,
    })),
  };
  return new TextEncoder().encode(`${JSON.stringify(document, null, 2)}\n`);
}

/** The shape of outcomes.json, for whoever ingests it (and for the tests that read it back). */
export const outcomesJsonSchema = z.strictObject({
  format: z.literal(OUTCOMES_JSON_FORMAT),
  version: z.literal(1),
  exportId: z.string(),
  createdAt: z.string(),
  template: z.strictObject({ templateVersion: z.number().int().min(1), definition: templateDefinitionSchema }),
  batches: z.array(z.strictObject({ batchId: z.string(), name: z.string() })),
  outcomes: z.array(
    z.strictObject({
      caseId: z.string(),
      caseReference: z.string(),
      batchId: z.string(),
      reviewerId: z.string(),
      version: z.number().int(),
      status: z.enum(['submitted', 'approved']),
      submittedAt: z.string(),
      answers: outcomeAnswersSchema,
      qc: qcDecisionSchema.nullable(),
    }),
  ),
});
