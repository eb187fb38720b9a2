import type { Migration } from './migration';

/**
 * The first schema. Written once per dialect: SQLite gets INTEGER PRIMARY KEY
 * AUTOINCREMENT for the change sequence, PostgreSQL a BIGSERIAL. Everything
 * else is plain SQL both understand. JSON lives in TEXT columns; times are
 * ISO 8601 UTC strings, which sort as they compare.
 */
const tables = (changeSequence: string) => `
CREATE TABLE teams (
  team_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  lead_id TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE users (
  user_id TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('reviewer', 'lead', 'admin')),
  team_id TEXT REFERENCES teams (team_id),
  created_at TEXT NOT NULL
);
CREATE TABLE enrolment_codes (
  code_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (user_id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);
CREATE TABLE devices (
  device_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (user_id),
  name TEXT NOT NULL,
  public_key TEXT NOT NULL,
  token_hash TEXT NOT NULL,
  enrolled_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  revoked_at TEXT,
  audit_count INTEGER NOT NULL DEFAULT 0,
  audit_last_hash TEXT NOT NULL
);
CREATE TABLE templates (
  template_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  definition TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (template_id, version)
);
CREATE TABLE cases (
  case_id TEXT PRIMARY KEY,
  reference TEXT NOT NULL,
  borough TEXT NOT NULL,
  content TEXT NOT NULL,
  imported_at TEXT NOT NULL
);
CREATE TABLE person_links (
  person_id TEXT NOT NULL,
  case_id TEXT NOT NULL REFERENCES cases (case_id),
  PRIMARY KEY (person_id, case_id)
);
CREATE INDEX person_links_by_case ON person_links (case_id);
CREATE TABLE batches (
  batch_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  assignee_id TEXT NOT NULL REFERENCES users (user_id),
  lead_id TEXT NOT NULL REFERENCES users (user_id),
  template_id TEXT NOT NULL,
  template_version INTEGER NOT NULL,
  due_date TEXT,
  created_at TEXT NOT NULL,
  FOREIGN KEY (template_id, template_version) REFERENCES templates (template_id, version)
);
CREATE TABLE batch_cases (
  case_id TEXT PRIMARY KEY REFERENCES cases (case_id),
  batch_id TEXT NOT NULL REFERENCES batches (batch_id)
);
CREATE INDEX batch_cases_by_batch ON batch_cases (batch_id);
CREATE TABLE reviews (
  case_id TEXT PRIMARY KEY REFERENCES cases (case_id),
  current_version INTEGER NOT NULL,
  last_version_no INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('submitted', 'approved', 'returned')),
  qc_decision TEXT,
  qc_comment TEXT,
  qc_lead_id TEXT,
  qc_review_version INTEGER,
  qc_decided_at TEXT,
  updated_at TEXT NOT NULL
);
CREATE TABLE review_versions (
  case_id TEXT NOT NULL REFERENCES cases (case_id),
  version_no INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('accepted', 'conflict')),
  base_version INTEGER NOT NULL,
  template_id TEXT NOT NULL,
  template_version INTEGER NOT NULL,
  answers TEXT NOT NULL,
  reviewer_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  mutation_id TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  PRIMARY KEY (case_id, version_no)
);
CREATE TABLE qc_decisions (
  mutation_id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases (case_id),
  review_version INTEGER NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('approve', 'return')),
  comment TEXT,
  lead_id TEXT NOT NULL,
  stale INTEGER NOT NULL,
  decided_at TEXT NOT NULL
);
CREATE TABLE applied_mutations (
  mutation_id TEXT PRIMARY KEY,
  device_id TEXT NOT NULL REFERENCES devices (device_id),
  user_id TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  result TEXT NOT NULL,
  applied_at TEXT NOT NULL
);
CREATE TABLE audit_events (
  device_id TEXT NOT NULL REFERENCES devices (device_id),
  position INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  hash TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  event TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (device_id, position),
  UNIQUE (device_id, hash)
);
CREATE TABLE change_feed (
  seq ${changeSequence},
  user_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  detail TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX change_feed_by_user ON change_feed (user_id, seq);
`;

export const initialSchema: Migration = {
  id: 1,
  name: 'initial-schema',
  sqlite: tables('INTEGER PRIMARY KEY AUTOINCREMENT'),
  postgres: tables('BIGSERIAL PRIMARY KEY'),
};
