import type { IncomingMessage } from 'node:http';
import type { ApiContext, AuthenticatedDevice } from './api-context';
import { clientAddressKey } from './client-address-key';
import { parseDeviceToken, tokenMatches } from './device-credentials';
import { HttpError } from './http-error';

type AuthFailureCode = 'unauthorized' | 'device_revoked' | 'user_deactivated' | 'token_expired';

/**
 * Bearer token → device, or 401 (`unauthorized`; `device_revoked` or `user_deactivated` so the
 * app purges; `token_expired` so it asks for a new enrolment), or 429.
 * An address that keeps failing is answered 429 before its token is looked up, so a flood of
 * bad tokens costs no database work; each failure is logged with its source address.
 * A device may present its current token or a rotated one not yet used; the first use of the
 * rotated one makes it current and retires the old (docs/api.md, "Token rotation").
 */
export async function authenticateDevice(context: ApiContext, request: IncomingMessage): Promise<AuthenticatedDevice> {
  const address = request.socket.remoteAddress ?? 'unknown';
  const limitKey = clientAddressKey(request.socket.remoteAddress);
  const failuresWait = context.authFailureLimiter.wait(limitKey);
  if (failuresWait > 0) {
    throw new HttpError(429, 'rate_limited', 'Too many failed authentications from this address.', undefined, { 'Retry-After': String(failuresWait) });
  }
  const refuse = (code: AuthFailureCode, message: string): HttpError => {
    context.authFailureLimiter.take(limitKey);
    context.log.warn('auth_failed', { address, code });
    return new HttpError(401, code, message, undefined, { 'WWW-Authenticate': 'Bearer' });
  };
  const header = request.headers.authorization ?? '';
  const match = /^Bearer ([^\s]{1,200})$/.exec(header);
  const presented = match?.[1] ?? '';
  const parsed = match ? parseDeviceToken(presented) : null;
  const device = parsed ? await context.storage.getDevice(parsed.deviceId) : null;
  // Compare both even when nothing was found, so timing does not tell which part was wrong.
  const isCurrent = tokenMatches(presented, device?.tokenHash ?? null);
  const isNext = tokenMatches(presented, device?.nextTokenHash ?? null);
  if (!device || !(isCurrent || isNext)) throw refuse('unauthorized', 'A valid device token is required.');
  if (device.revokedAt !== null) throw refuse('device_revoked', 'This device has been revoked; its local data must be erased.');
  if (device.userDeactivatedAt !== null) throw refuse('user_deactivated', "This device's user has been deactivated; its local data must be erased.");
  const now = context.now();
  const tokenIssuedAt = isNext ? device.nextTokenIssuedAt! : device.tokenIssuedAt;
  if (now.getTime() - Date.parse(tokenIssuedAt) >= context.limits.tokenMaxAgeMs) {
    throw refuse('token_expired', 'This device token is past its maximum age; enrol the device again.');
  }
  const wait = context.deviceLimiter.take(device.deviceId);
  if (wait > 0) throw new HttpError(429, 'rate_limited', 'Too many requests from this device.', undefined, { 'Retry-After': String(wait) });
  if (isNext) {
    await context.storage.completeTokenRotation(device.deviceId, device.nextTokenHash!);
    context.log.info('token_rotated', { deviceId: device.deviceId });
  }
  await context.storage.touchDevice(device.deviceId, now.toISOString());
  return { deviceId: device.deviceId, userId: device.userId, role: device.role, tokenIssuedAt };
}
