import type { Migration } from './migration';

/**
 * A client's `baseVersion` may be any safe integer (up to 2^53 − 1), and it is
 * stored as sent: in `review_versions.base_version` and, for QC decisions, in
 * `qc_decisions.review_version`. PostgreSQL's INTEGER stops at 2^31 − 1 and
 * failed the whole push; BIGINT holds every value the schema admits. SQLite's
 * INTEGER is already 64-bit.
 */
export const wideClientNumbers: Migration = {
  id: 2,
  name: 'wide-client-numbers',
  sqlite: 'SELECT 1;',
  postgres: `
ALTER TABLE review_versions ALTER COLUMN base_version TYPE BIGINT;
ALTER TABLE qc_decisions ALTER COLUMN review_version TYPE BIGINT;
`,
};
