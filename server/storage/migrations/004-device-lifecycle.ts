import type { Migration } from './migration';

/**
 * What ends a device's access besides revocation (#10): a deactivated user,
 * a revoked enrolment code, and token age. `token_issued_at` NULL means the
 * token is the one issued at enrolment (its age counts from `enrolled_at`).
 * `next_token_hash` is a rotated token the device has not used yet: until it
 * does, the current one stays valid, so a lost rotate answer locks nobody out.
 */
const steps = `
ALTER TABLE users ADD COLUMN deactivated_at TEXT;
ALTER TABLE enrolment_codes ADD COLUMN revoked_at TEXT;
ALTER TABLE devices ADD COLUMN token_issued_at TEXT;
ALTER TABLE devices ADD COLUMN next_token_hash TEXT;
ALTER TABLE devices ADD COLUMN next_token_issued_at TEXT;
`;

export const deviceLifecycle: Migration = { id: 4, name: 'device-lifecycle', sqlite: steps, postgres: steps };
