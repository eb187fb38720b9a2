import { TOKEN_ROTATE_PATH, tokenRotateResponseSchema } from '../../shared/sync-protocol/token-rotation';
import type { z } from 'zod';
import type { ApiAnswer } from '../../shared/ipc/network-contract';
import { auditBatchResponseSchema } from '../../shared/sync-protocol/audit';
import { enrolResponseSchema } from '../../shared/sync-protocol/enrol';
import { healthResponseSchema } from '../../shared/sync-protocol/health';
import { pullResponseSchema } from '../../shared/sync-protocol/pull';
import { pushResponseSchema } from '../../shared/sync-protocol/push';
import { TEAM_AUDIT_CHAINS_PATH, TEAM_AUDIT_EVENTS_PATH, teamAuditChainsResponseSchema, teamAuditEventsResponseSchema } from '../../shared/sync-protocol/team-audit';
import type { EndpointConfig } from './endpoint-config-store';
import { isOnOrigin } from './endpoint-origin';
import { TransportFailure, type EndpointTransport, type TransportLimits } from './endpoint-transport';
import { readEndpointAnswer } from './read-endpoint-answer';

const MIB = 1024 * 1024;

export interface EndpointRoute<Body> {
  readonly path: `/api/v1/${string}`;
  readonly method: 'GET' | 'POST';
  readonly successStatus: number;
  readonly bodySchema: z.ZodType<Body>;
  readonly maxResponseBytes: number;
}

/**
 * The whole API main speaks, fixed here: the renderer chooses the call, never
 * the path. Caps follow what each route can legitimately return; a pull page
 * is counted in changes, not bytes, so it gets the most room.
 */
export const ENDPOINT_ROUTES = {
  health: { path: '/api/v1/health', method: 'GET', successStatus: 200, bodySchema: healthResponseSchema, maxResponseBytes: 16 * 1024 },
  enrol: { path: '/api/v1/enrol', method: 'POST', successStatus: 201, bodySchema: enrolResponseSchema, maxResponseBytes: 64 * 1024 },
  pull: { path: '/api/v1/pull', method: 'GET', successStatus: 200, bodySchema: pullResponseSchema, maxResponseBytes: 64 * MIB },
  push: { path: '/api/v1/push', method: 'POST', successStatus: 200, bodySchema: pushResponseSchema, maxResponseBytes: 4 * MIB },
  audit: { path: '/api/v1/audit', method: 'POST', successStatus: 200, bodySchema: auditBatchResponseSchema, maxResponseBytes: 64 * 1024 },
  teamAuditChains: { path: TEAM_AUDIT_CHAINS_PATH, method: 'GET', successStatus: 200, bodySchema: teamAuditChainsResponseSchema, maxResponseBytes: 4 * MIB },
  // 500 events of at most ~2.5 KiB each.
  teamAuditEvents: { path: TEAM_AUDIT_EVENTS_PATH, method: 'GET', successStatus: 200, bodySchema: teamAuditEventsResponseSchema, maxResponseBytes: 8 * MIB },
  rotateToken: { path: TOKEN_ROTATE_PATH, method: 'POST', successStatus: 200, bodySchema: tokenRotateResponseSchema, maxResponseBytes: 16 * 1024 },
} as const satisfies Record<string, EndpointRoute<unknown>>;

export interface EndpointTimeouts {
  readonly connectTimeoutMs: number;
  readonly totalTimeoutMs: number;
}

export const DEFAULT_ENDPOINT_TIMEOUTS: EndpointTimeouts = { connectTimeoutMs: 10_000, totalTimeoutMs: 60_000 };

export interface EndpointCallOptions {
  readonly token?: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly body?: unknown;
  readonly timeouts: EndpointTimeouts;
  /** Tests lower the route's cap; never raised above it. */
  readonly maxResponseBytes?: number;
}

/**
 * One request to the enrolled endpoint: the URL is the saved origin plus the
 * route's fixed path, checked once more against that origin before a byte is
 * sent, then the answer is read against the route's schema.
 */
export async function sendToEndpoint<Body>(
  transport: EndpointTransport,
  endpoint: EndpointConfig,
  route: EndpointRoute<Body>,
  options: EndpointCallOptions,
): Promise<ApiAnswer<Body>> {
  const url = new URL(route.path, endpoint.origin);
  for (const [name, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  if (!isOnOrigin(url.href, endpoint.origin)) throw new TransportFailure('EndpointNotAllowed');

  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
  const limits: TransportLimits = {
    ...options.timeouts,
    maxResponseBytes: Math.min(options.maxResponseBytes ?? route.maxResponseBytes, route.maxResponseBytes),
  };
  const response = await transport.send({
    url: url.href,
    method: route.method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    spkiPin: endpoint.spkiPin,
    limits,
  });
  return readEndpointAnswer(response, route.successStatus, route.bodySchema);
}
