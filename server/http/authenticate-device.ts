import type { IncomingMessage } from 'node:http';
import type { ApiContext, AuthenticatedDevice } from './api-context';
import { clientAddressKey } from './client-address-key';
import { parseDeviceToken, tokenMatches } from './device-credentials';
import { HttpError } from './http-error';

/**
 * Bearer token → device, or 401 (`unauthorized`, or `device_revoked` so the app purges), or 429.
 * An address that keeps failing is answered 429 before its token is looked up, so a flood of
 * bad tokens costs no database work; each failure is logged with its source address.
 */
export async function authenticateDevice(context: ApiContext, request: IncomingMessage): Promise<AuthenticatedDevice> {
  const address = request.socket.remoteAddress ?? 'unknown';
  const limitKey = clientAddressKey(request.socket.remoteAddress);
  const failuresWait = context.authFailureLimiter.wait(limitKey);
  if (failuresWait > 0) {
    throw new HttpError(429, 'rate_limited', 'Too many failed authentications from this address.', undefined, { 'Retry-After': String(failuresWait) });
  }
  const refuse = (code: 'unauthorized' | 'device_revoked', message: string): HttpError => {
    context.authFailureLimiter.take(limitKey);
    context.log.warn('auth_failed', { address, code });
    return new HttpError(401, code, message, undefined, { 'WWW-Authenticate': 'Bearer' });
  };
  const header = request.headers.authorization ?? '';
  const match = /^Bearer ([^\s]{1,200})$/.exec(header);
  const parsed = match ? parseDeviceToken(match[1]!) : null;
  const device = parsed ? await context.storage.getDevice(parsed.deviceId) : null;
  // Compare even when nothing was found, so timing does not tell which part was wrong.
  const valid = tokenMatches(match?.[1] ?? '', device?.tokenHash ?? null);
  if (!device || !valid) throw refuse('unauthorized', 'A valid device token is required.');
  if (device.revokedAt !== null) throw refuse('device_revoked', 'This device has been revoked; its local data must be erased.');
  const wait = context.deviceLimiter.take(device.deviceId);
  if (wait > 0) throw new HttpError(429, 'rate_limited', 'Too many requests from this device.', undefined, { 'Retry-After': String(wait) });
  await context.storage.touchDevice(device.deviceId, context.now().toISOString());
  return { deviceId: device.deviceId, userId: device.userId, role: device.role };
}
