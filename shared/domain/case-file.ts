import { z } from 'zod';

/**
 * A historical case file as the central endpoint imports it and a reviewer's
 * laptop receives it. Every field but `caseId` is sensitive: on the laptop it
 * lives only inside vault ciphertext.
 */

/** Opaque ids: safe to keep in clear (no meaning outside CaseDesk). */
export const opaqueIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "-" and "_" only');

/** Pseudonymous person id: the same person carries the same id across cases. */
export const personIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "-" and "_" only');

export const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const caseDocumentSchema = z.strictObject({
  documentId: opaqueIdSchema,
  title: z.string().min(1).max(300),
  excerpt: z.string().max(20_000),
});

export const caseFileSchema = z
  .strictObject({
    caseId: opaqueIdSchema,
    reference: z.string().min(1).max(64),
    periodStart: isoDateSchema,
    periodEnd: isoDateSchema,
    borough: z.string().min(1).max(120),
    summary: z.string().min(1).max(20_000),
    offences: z.array(z.string().min(1).max(300)).min(1).max(50),
    victimIds: z.array(personIdSchema).max(50),
    suspectIds: z.array(personIdSchema).max(100),
    originalOutcome: z.string().min(1).max(300),
    documents: z.array(caseDocumentSchema).max(50),
  })
  .refine((file) => file.periodStart <= file.periodEnd, {
    message: 'periodStart must not be after periodEnd',
    path: ['periodEnd'],
  });

export type CaseDocument = z.infer<typeof caseDocumentSchema>;
export type CaseFile = z.infer<typeof caseFileSchema>;
