import type { Migration } from './migration';

/**
 * What ends a device's access besides revocation (#10): a deactivated user,
 * a revoked enrolment code, and token age. Tokens that exist at upgrade count
 * their age from the upgrade, not from enrolment: else every device enrolled
 * more than 90 days before would be locked out at once, with no chance to rotate.
 * `next_token_hash` is a rotated token the device has not used yet: until it
 * does, the current one stays valid, so a lost rotate answer locks nobody out.
 */
const steps = (isoNow: string) => `
ALTER TABLE users ADD COLUMN deactivated_at TEXT;
ALTER TABLE enrolment_codes ADD COLUMN revoked_at TEXT;
ALTER TABLE devices ADD COLUMN token_issued_at TEXT;
ALTER TABLE devices ADD COLUMN next_token_hash TEXT;
ALTER TABLE devices ADD COLUMN next_token_issued_at TEXT;
UPDATE devices SET token_issued_at = ${isoNow};
`;

export const deviceLifecycle: Migration = {
  id: 4,
  name: 'device-lifecycle',
  // ISO 8601 UTC with milliseconds, as every other time stamp is stored.
  sqlite: steps("strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"),
  postgres: steps(`to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`),
};
