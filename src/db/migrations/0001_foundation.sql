-- 0001_foundation.sql: catalog, people, accounts, sessions and audit.
-- Portable SQL: TEXT ids (UUIDv7), BIGINT cents, INTEGER flags and tenths
-- of an EC, RFC 3339 UTC text times. Lists of values are JSON arrays in
-- TEXT columns, written and read only by the domain.

CREATE TABLE organisations (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  short_name TEXT,
  funded INTEGER,
  institution_code TEXT,
  coc_number TEXT,
  city TEXT,
  website TEXT,
  description TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX organisations_kind ON organisations(kind, id);

CREATE TABLE network_memberships (
  id TEXT PRIMARY KEY,
  network_id TEXT NOT NULL REFERENCES organisations(id),
  member_id TEXT NOT NULL REFERENCES organisations(id),
  role TEXT NOT NULL,
  since TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (network_id, member_id)
);

CREATE TABLE programmes (
  id TEXT PRIMARY KEY,
  institution_id TEXT NOT NULL REFERENCES organisations(id),
  name TEXT NOT NULL,
  level TEXT NOT NULL,
  total_ec INTEGER NOT NULL,
  programme_code TEXT,
  modes TEXT NOT NULL DEFAULT '[]',
  experiments TEXT NOT NULL DEFAULT '[]',
  locations TEXT NOT NULL DEFAULT '[]',
  learning_line TEXT,
  description TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX programmes_institution ON programmes(institution_id, id);

CREATE TABLE outcomes (
  id TEXT PRIMARY KEY,
  programme_id TEXT NOT NULL REFERENCES programmes(id),
  code TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT,
  ec INTEGER NOT NULL,
  criteria TEXT NOT NULL DEFAULT '[]',
  alignments TEXT NOT NULL DEFAULT '[]',
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (programme_id, code)
);

CREATE TABLE offerings (
  id TEXT PRIMARY KEY,
  provider_id TEXT NOT NULL REFERENCES organisations(id),
  title TEXT NOT NULL,
  description TEXT,
  ec INTEGER NOT NULL,
  mode TEXT NOT NULL,
  location TEXT,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  capacity INTEGER,
  price_cents BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX offerings_provider ON offerings(provider_id, id);

CREATE TABLE offering_outcomes (
  offering_id TEXT NOT NULL REFERENCES offerings(id),
  outcome_id TEXT NOT NULL REFERENCES outcomes(id),
  PRIMARY KEY (offering_id, outcome_id)
);
CREATE INDEX offering_outcomes_outcome ON offering_outcomes(outcome_id);

CREATE TABLE persons (
  id TEXT PRIMARY KEY,
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  email TEXT,
  phone TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE employments (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES persons(id),
  employer_id TEXT NOT NULL REFERENCES organisations(id),
  job_title TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT,
  supervisor_id TEXT REFERENCES persons(id),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX employments_person ON employments(person_id);
CREATE INDEX employments_employer ON employments(employer_id, id);

CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  person_id TEXT REFERENCES persons(id),
  password_hash TEXT,
  disabled INTEGER NOT NULL DEFAULT 0,
  language TEXT NOT NULL DEFAULT 'nl',
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE role_grants (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  role TEXT NOT NULL,
  organisation_id TEXT REFERENCES organisations(id),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX role_grants_unique ON role_grants(account_id, role, COALESCE(organisation_id, ''));

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT,
  address TEXT
);
CREATE INDEX sessions_account ON sessions(account_id);

CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT
);

CREATE TABLE login_attempts (
  key TEXT PRIMARY KEY,
  window_start BIGINT NOT NULL,
  failures INTEGER NOT NULL
);

CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  actor_id TEXT,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  action TEXT NOT NULL,
  changes TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
