import type { Migration } from './migration';

/**
 * A lead sees each device's audit chain status (#9). What the endpoint holds
 * is verified on receipt, so a break shows only as a refused upload: the
 * chain position the device last failed to continue, and when. A later
 * upload that carries the chain past it makes the status verified again.
 */
const steps = `
ALTER TABLE devices ADD COLUMN audit_refused_position INTEGER;
ALTER TABLE devices ADD COLUMN audit_refused_at TEXT;
`;

export const auditRefusals: Migration = { id: 5, name: 'audit-refusals', sqlite: steps, postgres: steps };
