import { z } from 'zod';
import { auditEventSchema } from './audit';

/**
 * What a team lead's device pulls to review its team's audit trail
 * (docs/api.md, "Team audit"): the chain status of every device of the team,
 * then each device's events in chain order, paged by chain position.
 */

export const TEAM_AUDIT_CHAINS_PATH = '/api/v1/team/audit/chains';
export const TEAM_AUDIT_EVENTS_PATH = '/api/v1/team/audit/events';

export const MAX_TEAM_AUDIT_PAGE = 500;

const idSchema = z.string().min(1).max(64);
const isoTimeSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

/**
 * Where a device's chain stands on the endpoint, which checks every batch on
 * receipt: `verified` up to `verifiedThrough` (the events held form one chain
 * from the genesis hash); `broken` when its last upload was refused at chain
 * position `brokenAt` and nothing has continued the chain since; `never-uploaded`
 * when it holds none and was refused none.
 */
export const teamAuditChainStatusSchema = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('verified'), verifiedThrough: z.number().int().min(1) }),
  z.strictObject({ state: z.literal('broken'), verifiedThrough: z.number().int().min(0), brokenAt: z.number().int().min(1), refusedAt: isoTimeSchema }),
  z.strictObject({ state: z.literal('never-uploaded') }),
]);

export const teamAuditDeviceSchema = z.strictObject({
  deviceId: idSchema,
  userId: idSchema,
  deviceName: z.string().max(200),
  revoked: z.boolean(),
  /** Events the endpoint holds from this device: positions 1…eventCount. */
  eventCount: z.number().int().min(0),
  /** The hash at position eventCount (64 zeros when none): the anchor a lead's copy must end on. */
  lastHash: z.string().regex(/^[0-9a-f]{64}$/),
  chain: teamAuditChainStatusSchema,
});

export const teamAuditChainsResponseSchema = z.strictObject({
  devices: z.array(teamAuditDeviceSchema).max(10_000),
});

/** Query of `GET /api/v1/team/audit/events`: one device's events after chain position `after` (the cursor). */
export const teamAuditEventsQuerySchema = z.strictObject({
  device: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_TEAM_AUDIT_PAGE).optional(),
});

export const teamAuditEntrySchema = z.strictObject({
  /** 1-based position in the device's chain. */
  position: z.number().int().min(1),
  receivedAt: isoTimeSchema,
  event: auditEventSchema,
});

export const teamAuditEventsResponseSchema = z.strictObject({
  deviceId: idSchema,
  /** The device's owner: events recorded before enrolment carry no `userId` and are theirs. */
  userId: idSchema,
  events: z.array(teamAuditEntrySchema).max(MAX_TEAM_AUDIT_PAGE),
  /** More events follow the last one: ask again with `after` = its position. */
  hasMore: z.boolean(),
});

export type TeamAuditChainStatus = z.infer<typeof teamAuditChainStatusSchema>;
export type TeamAuditDevice = z.infer<typeof teamAuditDeviceSchema>;
export type TeamAuditChainsResponse = z.infer<typeof teamAuditChainsResponseSchema>;
export type TeamAuditEventsQuery = z.infer<typeof teamAuditEventsQuerySchema>;
export type TeamAuditEntry = z.infer<typeof teamAuditEntrySchema>;
export type TeamAuditEventsResponse = z.infer<typeof teamAuditEventsResponseSchema>;
