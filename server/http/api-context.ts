import type { SyncStorage } from '../storage/storage';
import type { RateLimit, RateLimiter } from './rate-limiter';
import type { StructuredLog } from './structured-log';

export interface ApiLimits {
  readonly bodyBytes: number;
  readonly enrolPerAddress: RateLimit;
  readonly requestsPerDevice: RateLimit;
  /**
   * Failed authentications per client address. Once spent, requests with a
   * token from that address are answered 429 before any database lookup.
   */
  readonly authFailuresPerAddress: RateLimit;
  /** Open connections the node accepts at once; more are closed on arrival. */
  readonly maxConnections: number;
}

export const DEFAULT_LIMITS: ApiLimits = {
  bodyBytes: 1024 * 1024,
  enrolPerAddress: { burst: 10, perSecond: 10 / 600 },
  requestsPerDevice: { burst: 120, perSecond: 20 },
  authFailuresPerAddress: { burst: 20, perSecond: 1 / 6 },
  maxConnections: 1024,
};

/** What every handler may use. */
export interface ApiContext {
  readonly storage: SyncStorage;
  readonly log: StructuredLog;
  readonly limits: ApiLimits;
  readonly enrolLimiter: RateLimiter;
  readonly deviceLimiter: RateLimiter;
  readonly authFailureLimiter: RateLimiter;
  readonly now: () => Date;
}

export interface AuthenticatedDevice {
  readonly deviceId: string;
  readonly userId: string;
  readonly role: 'reviewer' | 'lead' | 'admin';
}

export interface JsonResponse {
  readonly status: number;
  readonly body: unknown;
}
