import { z } from 'zod';
import { opaqueIdSchema } from '../domain/case-file';
import { outcomeAnswersSchema } from '../review-template/validate-outcome';

/** Mutation ids are UUIDv7 (time-ordered), generated on the device. */
export const uuidV7Schema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a lower-case UUIDv7');

export const reviewSubmitPayloadSchema = z.strictObject({
  templateId: z.string().min(1).max(64),
  templateVersion: z.number().int().min(1).max(1_000_000),
  answers: outcomeAnswersSchema,
});

export const qcDecisionPayloadSchema = z.strictObject({
  decision: z.enum(['approve', 'return']),
  comment: z.string().max(10_000).optional(),
});

/** An acknowledgement says only who and when (both from the request): nothing to carry. */
export const escalationAcknowledgePayloadSchema = z.strictObject({});

const mutationBase = {
  mutationId: uuidV7Schema,
  caseId: opaqueIdSchema,
  /** The review version the change was based on; 0 when there was none yet. */
  baseVersion: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
};

/**
 * `review.submit` covers first submissions and amendments; `qc.decide` and
 * `escalation.acknowledge` are for leads only.
 */
export const mutationSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...mutationBase, type: z.literal('review.submit'), payload: reviewSubmitPayloadSchema }),
  z.strictObject({ ...mutationBase, type: z.literal('qc.decide'), payload: qcDecisionPayloadSchema }),
  z.strictObject({ ...mutationBase, type: z.literal('escalation.acknowledge'), payload: escalationAcknowledgePayloadSchema }),
]);

export const MAX_MUTATIONS_PER_PUSH = 100;

export const pushRequestSchema = z.strictObject({
  mutations: z.array(mutationSchema).min(1).max(MAX_MUTATIONS_PER_PUSH),
});

export const outcomeFieldErrorSchema = z.strictObject({ fieldId: z.string(), code: z.string() });

export const REJECTION_REASONS = [
  /** The mutation id was used before with different content (or by another user). */
  'mutation_id_reused',
  /** The payload does not satisfy the template; `fieldErrors` says where. */
  'invalid_payload',
  /** The case is not in a batch the user may work on. */
  'forbidden',
  /** QC decisions and acknowledgements come from leads only. */
  'not_lead',
  /**
   * A QC decision on a case with no review yet, an acknowledgement of a case
   * that never escalated, or a template that does not fit the case's batch.
   */
  'not_applicable',
  /** The case's escalation was acknowledged before (by this lead or another): nothing new is recorded. */
  'already_acknowledged',
] as const;

/** The review as the server holds it now, returned with a conflict so the app can show what changed. */
export const reviewVersionSchema = z.strictObject({
  version: z.number().int(),
  templateId: z.string(),
  templateVersion: z.number().int(),
  answers: outcomeAnswersSchema,
  reviewerId: z.string(),
  submittedAt: z.string(),
});

export const mutationOutcomeSchema = z.discriminatedUnion('status', [
  z.strictObject({ mutationId: z.string(), status: z.literal('applied'), version: z.number().int() }),
  z.strictObject({
    mutationId: z.string(),
    status: z.literal('rejected'),
    reason: z.enum(REJECTION_REASONS),
    fieldErrors: z.array(outcomeFieldErrorSchema).optional(),
  }),
  z.strictObject({
    mutationId: z.string(),
    status: z.literal('conflict'),
    /** The version number the server gave the kept, non-current copy of this change (null for a QC decision). */
    keptAs: z.number().int().nullable(),
    current: reviewVersionSchema.nullable(),
  }),
]);

/** `duplicate` wraps the first outcome of the same mutation, unchanged. */
export const mutationResultSchema = z.union([
  mutationOutcomeSchema,
  z.strictObject({ mutationId: z.string(), status: z.literal('duplicate'), first: mutationOutcomeSchema }),
]);

export const pushResponseSchema = z.strictObject({ results: z.array(mutationResultSchema) });

export type Mutation = z.infer<typeof mutationSchema>;
export type PushRequest = z.infer<typeof pushRequestSchema>;
export type RejectionReason = (typeof REJECTION_REASONS)[number];
export type ReviewVersion = z.infer<typeof reviewVersionSchema>;
export type MutationOutcome = z.infer<typeof mutationOutcomeSchema>;
export type MutationResult = z.infer<typeof mutationResultSchema>;
export type PushResponse = z.infer<typeof pushResponseSchema>;
