import {
  MAX_TEAM_AUDIT_PAGE,
  teamAuditEventsQuerySchema,
  type TeamAuditChainsResponse,
  type TeamAuditEventsResponse,
} from '../../../shared/sync-protocol/team-audit';
import type { ApiContext, AuthenticatedDevice, JsonResponse } from '../api-context';
import { HttpError, parseOrThrow } from '../http-error';
import { singleValuedQuery } from '../single-valued-query';

/** Only a lead reads a team's trail; everyone else is told no before anything is looked up. */
function requireLead(device: AuthenticatedDevice): void {
  if (device.role !== 'lead') throw new HttpError(403, 'forbidden', 'Only a team lead may read the team audit trail.');
}

/** `GET /api/v1/team/audit/chains`: every device of the lead's teams and where its chain stands. */
export async function handleTeamAuditChains(context: ApiContext, device: AuthenticatedDevice, url: URL): Promise<JsonResponse> {
  requireLead(device);
  if ([...url.searchParams.keys()].length > 0) throw new HttpError(400, 'validation_failed', 'This endpoint takes no query.');
  const body: TeamAuditChainsResponse = { devices: await context.storage.teamAuditChains(device.userId) };
  return { status: 200, body };
}

/** `GET /api/v1/team/audit/events?device=…&after=…&limit=…`: one team device's events after a chain position. */
export async function handleTeamAuditEvents(context: ApiContext, device: AuthenticatedDevice, url: URL): Promise<JsonResponse> {
  requireLead(device);
  const query = parseOrThrow(teamAuditEventsQuerySchema, singleValuedQuery(url));
  // Served rows are charged to the same budget as pull: each one is a decryption.
  const wait = context.pullRowLimiter.wait(device.deviceId);
  if (wait > 0) throw new HttpError(429, 'rate_limited', 'Too many rows read by this device in the last minute.', undefined, { 'Retry-After': String(wait) });
  const page = await context.storage.teamAuditEvents(device.userId, query.device, query.after ?? 0, query.limit ?? MAX_TEAM_AUDIT_PAGE);
  // One answer for "not in your team" and "no such device": no oracle for other teams' device ids.
  if (!page) throw new HttpError(403, 'forbidden', 'That device is not in a team you lead.');
  context.pullRowLimiter.charge(device.deviceId, page.events.length);
  const body: TeamAuditEventsResponse = { deviceId: query.device, userId: page.userId, events: page.events, hasMore: page.hasMore };
  return { status: 200, body };
}
