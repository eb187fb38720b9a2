import { z } from 'zod';
import { sha256CanonicalHex } from './canonical-json';

/**
 * The device's audit log (DPA 2018 s.62): append-only and hash-chained. Each
 * event carries the hash of the one before (`prevHash`); the first event of
 * a device chains from GENESIS_HASH. `hash` is SHA-256 (hex) over the
 * canonical JSON of the event without `hash` (docs/sync-protocol.md).
 */
export const GENESIS_HASH = '0'.repeat(64);

export const AUDIT_EVENT_KINDS = [
  // Processing operations the DPA 2018 s.62 log must record.
  'collection',
  'consultation',
  'alteration',
  'disclosure',
  'combination',
  'erasure',
  // Access to the device's vault.
  'vault-created',
  'vault-unlocked',
  'vault-unlock-failed',
  'vault-locked',
  'vault-passphrase-changed',
] as const;

/** Why a vault was locked (kind `vault-locked`). */
export const AUDIT_LOCK_REASONS = ['manual', 'idle', 'os-lock', 'suspend'] as const;

const hashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hex digest');

export const auditEventSchema = z.strictObject({
  eventId: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
  kind: z.enum(AUDIT_EVENT_KINDS),
  /** UTC, ISO 8601 with milliseconds and Z. */
  at: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
  /**
   * Absent on events the vault recorded before the device was enrolled (the
   * chain starts when the vault is created); the server attributes those to
   * the device that uploads them. Present, they must name that device.
   */
  userId: z.string().min(1).max(64).optional(),
  deviceId: z.string().min(1).max(64).optional(),
  caseId: z.string().min(1).max(64).optional(),
  batchId: z.string().min(1).max(64).optional(),
  /** Free words for disclosure (recipient, justification); no case content. */
  detail: z.string().max(2000).optional(),
  reason: z.enum(AUDIT_LOCK_REASONS).optional(),
  prevHash: hashSchema,
  hash: hashSchema,
});

export const MAX_AUDIT_EVENTS_PER_BATCH = 500;

export const auditBatchRequestSchema = z.strictObject({
  events: z.array(auditEventSchema).min(1).max(MAX_AUDIT_EVENTS_PER_BATCH),
});

export const auditBatchResponseSchema = z.strictObject({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  lastHash: hashSchema,
});

export type AuditEvent = z.infer<typeof auditEventSchema>;
export type UnhashedAuditEvent = Omit<AuditEvent, 'hash'>;
export type AuditBatchResponse = z.infer<typeof auditBatchResponseSchema>;

export function computeAuditEventHash(event: UnhashedAuditEvent): Promise<string> {
  const { hash: _ignored, ...unhashed } = event as AuditEvent;
  return sha256CanonicalHex(unhashed);
}

/** Appends a new event to a chain: what the app's audit log does. */
export async function sealAuditEvent(event: Omit<UnhashedAuditEvent, 'prevHash'>, prevHash: string): Promise<AuditEvent> {
  const unhashed: UnhashedAuditEvent = { ...event, prevHash };
  return { ...unhashed, hash: await computeAuditEventHash(unhashed) };
}
