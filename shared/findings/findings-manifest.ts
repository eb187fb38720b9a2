import { z } from 'zod';
import { FINDINGS_REVIEW_STATUSES } from './compute-findings';
import { SIGNATURE_ALGORITHM } from '../lead-export/export-manifest';

/**
 * manifest.json of a findings export: like an outcomes export's manifest
 * (export-manifest.ts), what was disclosed, to whom and why, by which lead
 * on which device, the SHA-256 of every other file, and the device key's
 * signature over the canonical JSON of the rest, plus the filter the
 * figures were computed under. `casedesk-server verify-export` checks both kinds.
 */
export const FINDINGS_MANIFEST_FORMAT = 'casedesk-findings-manifest';
export const FINDINGS_SIGNED_FILE_NAMES = ['findings.csv', 'findings.xlsx', 'findings-summary.pdf'] as const;

const idSchema = z.string().min(1).max(64);
const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const unsignedFindingsManifestSchema = z.strictObject({
  format: z.literal(FINDINGS_MANIFEST_FORMAT),
  version: z.literal(1),
  exportId: idSchema,
  createdAt: z.string().max(40),
  lead: z.strictObject({ userId: idSchema }),
  device: z.strictObject({ deviceId: idSchema, deviceName: z.string().max(100) }),
  recipient: z.string().trim().min(1).max(300),
  justification: z.string().trim().min(1).max(4000),
  filter: z.strictObject({
    batchIds: z.array(idSchema).max(10_000),
    boroughs: z.array(z.string().max(120)).max(10_000),
    reviewerIds: z.array(idSchema).max(10_000),
    statuses: z.array(z.enum(FINDINGS_REVIEW_STATUSES)),
    periodFrom: dateSchema.nullable(),
    periodTo: dateSchema.nullable(),
  }),
  counts: z.strictObject({ outcomesInScope: z.number().int().min(0), withoutTemplate: z.number().int().min(0) }),
  /** The batches whose outcomes are in the figures. */
  batches: z.array(z.strictObject({ batchId: idSchema, name: z.string().max(300), outcomes: z.number().int().min(0) })).min(1),
  templates: z.array(z.strictObject({ templateId: idSchema, versions: z.array(z.number().int().min(1)).min(1) })),
  files: z
    .array(z.strictObject({ name: z.enum(FINDINGS_SIGNED_FILE_NAMES), bytes: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) }))
    .length(FINDINGS_SIGNED_FILE_NAMES.length),
});

export const findingsManifestSchema = unsignedFindingsManifestSchema.extend({
  signature: z.strictObject({ algorithm: z.literal(SIGNATURE_ALGORITHM), value: z.string().regex(/^[A-Za-z0-9_-]{86}$/, '64 bytes, base64url') }),
});

export type UnsignedFindingsManifest = z.infer<typeof unsignedFindingsManifestSchema>;
export type FindingsManifest = z.infer<typeof findingsManifestSchema>;
