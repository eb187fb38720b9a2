import { z } from 'zod';
import { caseFileSchema } from '../domain/case-file';
import { templateDefinitionSchema } from '../review-template/template-definition';
import { outcomeAnswersSchema } from '../review-template/validate-outcome';

export const MAX_PULL_PAGE = 500;
export const DEFAULT_PULL_PAGE = 200;

/** Query of `GET /api/v1/pull`: `cursor` is opaque (absent to start from the beginning). */
export const pullQuerySchema = z.strictObject({
  cursor: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_PAGE).optional(),
});

export const batchSchema = z.strictObject({
  batchId: z.string(),
  name: z.string(),
  assigneeId: z.string(),
  leadId: z.string(),
  templateId: z.string(),
  templateVersion: z.number().int(),
  dueDate: z.string().nullable(),
  caseIds: z.array(z.string()),
});

export const qcDecisionSchema = z.strictObject({
  decision: z.enum(['approve', 'return']),
  comment: z.string().nullable(),
  leadId: z.string(),
  reviewVersion: z.number().int(),
  decidedAt: z.string(),
});

/**
 * A case whose review met its template's escalation rule: when the server
 * first stored such a version, and whether a lead has acknowledged it.
 */
export const escalationStateSchema = z.strictObject({
  escalatedAt: z.string(),
  /** The review version that escalated first. */
  reviewVersion: z.number().int(),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
});

export const reviewStateSchema = z.strictObject({
  caseId: z.string(),
  version: z.number().int(),
  status: z.enum(['submitted', 'approved', 'returned']),
  templateId: z.string(),
  templateVersion: z.number().int(),
  answers: outcomeAnswersSchema,
  reviewerId: z.string(),
  submittedAt: z.string(),
  qc: qcDecisionSchema.nullable(),
  /** Null: the case never escalated. Optional only for records a device stored before escalations existed. */
  escalation: escalationStateSchema.nullable().optional(),
});

/**
 * One change. The app upserts by id; `removal` tells it to purge what it
 * holds for a batch (and the batch's cases) because the user may no longer see it.
 */
export const changeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('template'), templateId: z.string(), version: z.number().int(), definition: templateDefinitionSchema }),
  z.strictObject({ kind: z.literal('batch'), batch: batchSchema }),
  z.strictObject({
    kind: z.literal('case'),
    batchId: z.string(),
    case: caseFileSchema,
    /** References of other cases sharing a person id with this one: references only, never content. */
    linkedReferences: z.array(z.string()),
  }),
  z.strictObject({ kind: z.literal('review'), review: reviewStateSchema }),
  z.strictObject({ kind: z.literal('removal'), batchId: z.string(), caseIds: z.array(z.string()) }),
]);

export const pullResponseSchema = z.strictObject({
  changes: z.array(changeSchema),
  /** Pass back as `cursor` for the next page; store it with the page in one transaction. */
  cursor: z.string(),
  hasMore: z.boolean(),
});

export type Batch = z.infer<typeof batchSchema>;
export type QcDecision = z.infer<typeof qcDecisionSchema>;
export type EscalationState = z.infer<typeof escalationStateSchema>;
export type ReviewState = z.infer<typeof reviewStateSchema>;
export type Change = z.infer<typeof changeSchema>;
export type PullResponse = z.infer<typeof pullResponseSchema>;

/** The cursor is "c" + the change sequence number in base 36; the app treats it as opaque. */
export function encodeCursor(sequence: number): string {
  return `c${sequence.toString(36)}`;
}

export function decodeCursor(cursor: string | undefined): number | null {
  if (cursor === undefined) return 0;
  if (!/^c[0-9a-z]{1,12}$/.test(cursor)) return null;
  const sequence = Number.parseInt(cursor.slice(1), 36);
  return Number.isSafeInteger(sequence) ? sequence : null;
}
