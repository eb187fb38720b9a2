import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A one-time enrolment code: 16 Crockford base32 characters (80 bits). */
export function createEnrolmentCode(): string {
  return Array.from({ length: 16 }, () => CROCKFORD[randomInt(CROCKFORD.length)]).join('');
}

export function createDeviceId(): string {
  return `dev_${randomBytes(10).toString('hex')}`;
}

/** `<deviceId>.<256 random bits>`: the id lets the server find the row, the secret is checked by hash. */
export function createDeviceToken(deviceId: string): string {
  return `${deviceId}.${randomBytes(32).toString('base64url')}`;
}

export function parseDeviceToken(token: string): { deviceId: string } | null {
  const match = /^(dev_[0-9a-f]{20})\.[A-Za-z0-9_-]{43}$/.exec(token);
  return match ? { deviceId: match[1]! } : null;
}

const DUMMY_HASH = sha256Hex('no device');

/** Compares a presented token with the stored hash in constant time. */
export function tokenMatches(token: string, storedHash: string | null): boolean {
  const presented = Buffer.from(sha256Hex(token), 'hex');
  const stored = Buffer.from(storedHash ?? DUMMY_HASH, 'hex');
  return stored.length === presented.length && timingSafeEqual(presented, stored) && storedHash !== null;
}
