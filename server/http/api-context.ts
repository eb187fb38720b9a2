import { TOKEN_MAX_AGE_DAYS, TOKEN_ROTATE_AFTER_DAYS } from '../../shared/sync-protocol/token-rotation';
import type { SyncStorage } from '../storage/storage';
import type { RateLimit, RateLimiter } from './rate-limiter';
import type { StructuredLog } from './structured-log';

export interface ApiLimits {
  readonly bodyBytes: number;
  readonly enrolPerAddress: RateLimit;
  readonly requestsPerDevice: RateLimit;
  /**
   * Changes served by pull per device (rows, not requests: a case change costs several queries).
   * Charged after each page; once spent, pull answers 429 until the bucket refills.
   */
  readonly pullRowsPerDevice: RateLimit;
  /**
   * Failed authentications per client address. Once spent, requests with a
   * token from that address are answered 429 before any database lookup.
   */
  readonly authFailuresPerAddress: RateLimit;
  /** Open connections the node accepts at once; more are closed on arrival. */
  readonly maxConnections: number;
  /** Token age after which answers carry `CaseDesk-Token-Rotate: due`. */
  readonly tokenRotateAfterMs: number;
  /** Token age after which it is refused with `token_expired`. */
  readonly tokenMaxAgeMs: number;
}

const DAY_MS = 86_400_000;

export const DEFAULT_LIMITS: ApiLimits = {
  bodyBytes: 1024 * 1024,
  enrolPerAddress: { burst: 10, perSecond: 10 / 600 },
  requestsPerDevice: { burst: 120, perSecond: 20 },
  pullRowsPerDevice: { burst: 10_000, perSecond: 10_000 / 60 },
  authFailuresPerAddress: { burst: 20, perSecond: 1 / 6 },
  maxConnections: 1024,
  tokenRotateAfterMs: TOKEN_ROTATE_AFTER_DAYS * DAY_MS,
  tokenMaxAgeMs: TOKEN_MAX_AGE_DAYS * DAY_MS,
};

/** What every handler may use. */
export interface ApiContext {
  readonly storage: SyncStorage;
  readonly log: StructuredLog;
  readonly limits: ApiLimits;
  readonly enrolLimiter: RateLimiter;
  readonly deviceLimiter: RateLimiter;
  readonly pullRowLimiter: RateLimiter;
  readonly authFailureLimiter: RateLimiter;
  readonly now: () => Date;
}

export interface AuthenticatedDevice {
  readonly deviceId: string;
  readonly userId: string;
  readonly role: 'reviewer' | 'lead' | 'admin';
  /** When the token this request used was issued. */
  readonly tokenIssuedAt: string;
}

export interface JsonResponse {
  readonly status: number;
  readonly body: unknown;
}
