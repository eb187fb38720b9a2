import type { Migration } from './migration';

/**
 * Escalations (#13): one row per case whose review met its template's
 * escalation rule, written when the server first stored such a version, and
 * acknowledged at most once by a lead of the case. The acknowledgement's
 * mutation id is unique, and the row is the record of who acknowledged,
 * from which device and when. No case text: ids and times only, so nothing
 * here is sealed.
 */
const steps = `
CREATE TABLE escalations (
  case_id TEXT PRIMARY KEY REFERENCES cases (case_id),
  review_version INTEGER NOT NULL,
  reviewer_id TEXT NOT NULL,
  mutation_id TEXT NOT NULL,
  escalated_at TEXT NOT NULL,
  acknowledged_by TEXT,
  acknowledged_at TEXT,
  acknowledged_device_id TEXT,
  acknowledged_mutation_id TEXT UNIQUE
);
CREATE INDEX escalations_by_time ON escalations (escalated_at);
`;

export const escalations: Migration = { id: 6, name: 'escalations', sqlite: steps, postgres: steps };
