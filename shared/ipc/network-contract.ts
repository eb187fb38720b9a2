import { z } from 'zod';
import type { ApiErrorCode, RequestFieldError } from '../sync-protocol/api-error';
import { auditBatchRequestSchema, type AuditBatchResponse } from '../sync-protocol/audit';
import { enrolRequestSchema, type EnrolResponse } from '../sync-protocol/enrol';
import type { HealthResponse } from '../sync-protocol/health';
import { pullQuerySchema, type PullResponse } from '../sync-protocol/pull';
import { pushRequestSchema, type PushResponse } from '../sync-protocol/push';
import { teamAuditEventsQuerySchema, type TeamAuditChainsResponse, type TeamAuditEventsResponse } from '../sync-protocol/team-audit';
import type { TokenRotateResponse } from '../sync-protocol/token-rotation';
import { defineCall } from './define-ipc';

/**
 * The `network` namespace: the renderer never opens a connection (its CSP
 * says `connect-src 'none'`); main makes every request, only to the one
 * origin it enrolled with, and parses every response body against the
 * protocol's schemas before the renderer sees it.
 */

/** `https://host[:port]`, or `http://` only to a loopback host. Validated again in main. */
export const endpointUrlSchema = z.string().min(8).max(2048);

/** SHA-256 of the server certificate's SubjectPublicKeyInfo, base64 (HPKP's `pin-sha256` form). */
export const spkiPinSchema = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'a base64 SHA-256 digest');

/** `<deviceId>.<43 base64url>` as issued by enrol; kept sealed in the vault, passed per call. */
export const bearerTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}\.[A-Za-z0-9_-]{43}$/, 'a device token');

/**
 * What the endpoint answered. Transport failures (no connection, timeout,
 * certificate, oversize or non-JSON body, a body off the schema) are IPC
 * errors instead: the server said nothing the app can act on.
 */
export type ApiAnswer<Body> =
  | { readonly kind: 'ok'; readonly status: number; readonly body: Body; readonly tokenRotationDue?: true }
  | {
      readonly kind: 'api-error';
      readonly status: number;
      readonly code: ApiErrorCode;
      /** The server's plain words (never case data, by the API's own rule). */
      readonly message: string;
      /** From `Retry-After` (seconds), when sent. */
      readonly retryAfterSeconds: number | null;
      readonly fields?: readonly RequestFieldError[];
      /** `audit_chain_broken`: where the server's chain stands. */
      readonly lastAcceptedHash?: string | null;
      /** The endpoint asked this device to rotate its token (`CaseDesk-Token-Rotate: due`). */
      readonly tokenRotationDue?: true;
    };

export interface EndpointStatus {
  /** The enrolled origin, or null before the first enrolment. */
  readonly origin: string | null;
  readonly pinned: boolean;
}

export const NETWORK_ERROR_CODES = [
  /** No enrolment yet, so no origin to talk to. */
  'NotEnrolled',
  /** The URL is not https (or http on loopback), or has a path, query, credentials. */
  'EndpointNotAllowed',
  /** The reviewer declined to replace the enrolled endpoint. */
  'EnrolmentCancelled',
  /** No connection: refused, reset, no route, the name does not resolve. */
  'EndpointUnreachable',
  /** No connection within the connect timeout, or no complete answer within the total timeout. */
  'Timeout',
  /** TLS failed: untrusted, expired or mismatched certificate. */
  'CertificateInvalid',
  /** The certificate's key does not match the pinned SPKI hash. */
  'CertificatePinMismatch',
  /** The body passed main's size cap and was aborted (a pull page: ask again with a smaller `limit`). */
  'ResponseTooLarge',
  /** Not JSON, or JSON not matching the protocol's schema, or a status the route never answers. */
  'ResponseMalformed',
  /**
   * A 5xx without the API's error body: something in front of the endpoint (a
   * proxy, a load balancer) answered. Transient; retry with backoff.
   */
  'ServerUnavailable',
  /**
   * A `pushPages` continuation refused, nothing sent: the call before it was
   * not answered in full, so posting it would skip pages. Send its pages again.
   */
  'PushOutOfSequence',
] as const;
export type NetworkErrorCode = (typeof NETWORK_ERROR_CODES)[number];

/** Pages one `pushPages` call carries at most: ~1,000 mutations, a few hundred kB of JSON. */
export const MAX_PUSH_PAGES_PER_CALL = 10;

export const networkContract = {
  status: defineCall<EndpointStatus>()({ input: z.undefined() }),
  /**
   * Enrols with an endpoint. When another origin (or another pin) is already
   * enrolled, main asks the user in a native dialog before sending anything;
   * a no is `EnrolmentCancelled`. The origin (and pin) are saved only when
   * the server answered 201.
   */
  enrol: defineCall<ApiAnswer<EnrolResponse> & { readonly origin: string }>()({
    input: z.strictObject({ endpointUrl: endpointUrlSchema, spkiPin: spkiPinSchema.optional(), request: enrolRequestSchema }),
    errorCodes: NETWORK_ERROR_CODES,
  }),
  /** `GET /api/v1/health` on the enrolled origin: the app's online probe. */
  health: defineCall<ApiAnswer<HealthResponse>>()({
    input: z.undefined(),
    errorCodes: NETWORK_ERROR_CODES,
  }),
  pull: defineCall<ApiAnswer<PullResponse>>()({
    input: z.strictObject({ token: bearerTokenSchema, query: pullQuerySchema }),
    errorCodes: NETWORK_ERROR_CODES,
  }),
  push: defineCall<ApiAnswer<PushResponse>>()({
    input: z.strictObject({ token: bearerTokenSchema, request: pushRequestSchema }),
    errorCodes: NETWORK_ERROR_CODES,
  }),
  /**
   * Several push pages in one call: main posts them one after another, in
   * order (one push request in flight; push calls queue behind each other),
   * and stops at the first page not answered `ok`. The answers come back in
   * page order: every one `ok` but perhaps the last (an API error). A
   * transport failure on the first page is the call's error, as for `push`;
   * on a later page it ends the list there, and the renderer sends the
   * unanswered pages again. One call instead of one per page: each call
   * crosses the renderer/main boundary twice. `continues`: the renderer made
   * this call before the previous one returned; main posts it only if the
   * `pushPages` call it finished last was answered `ok` in full, and
   * otherwise fails it with `PushOutOfSequence` without sending anything.
   */
  pushPages: defineCall<readonly ApiAnswer<PushResponse>[]>()({
    input: z.strictObject({
      token: bearerTokenSchema,
      requests: z.array(pushRequestSchema).min(1).max(MAX_PUSH_PAGES_PER_CALL),
      continues: z.literal(true).optional(),
    }),
    errorCodes: NETWORK_ERROR_CODES,
  }),
  uploadAudit: defineCall<ApiAnswer<AuditBatchResponse>>()({
    input: z.strictObject({ token: bearerTokenSchema, request: auditBatchRequestSchema }),
    errorCodes: NETWORK_ERROR_CODES,
  }),
  /** `GET /api/v1/team/audit/chains` (leads): the team's devices and where each audit chain stands. */
  teamAuditChains: defineCall<ApiAnswer<TeamAuditChainsResponse>>()({
    input: z.strictObject({ token: bearerTokenSchema }),
    errorCodes: NETWORK_ERROR_CODES,
  }),
  /** `GET /api/v1/team/audit/events` (leads): one team device's audit events after a chain position. */
  teamAuditEvents: defineCall<ApiAnswer<TeamAuditEventsResponse>>()({
    input: z.strictObject({ token: bearerTokenSchema, query: teamAuditEventsQuerySchema }),
    errorCodes: NETWORK_ERROR_CODES,
  }),
  /** `POST /api/v1/token/rotate` (docs/api.md, "Token rotation"): a new token; the old works until the new one is used. */
  rotateToken: defineCall<ApiAnswer<TokenRotateResponse>>()({
    input: z.strictObject({ token: bearerTokenSchema }),
    errorCodes: NETWORK_ERROR_CODES,
  }),
  /** Forgets the enrolled origin (after revocation or an erased vault). */
  forget: defineCall<void>()({ input: z.undefined() }),
} as const;
