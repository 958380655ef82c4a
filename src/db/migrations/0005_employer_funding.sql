-- 0005_employer_funding.sql: what an employer contributes to the costs of
-- a period of its employees' learning agreements (issue 5, item 4).
-- An employer's default applies to every employee; an override for one
-- employment replaces the default for that employee. Either holds a share
-- in basis points (1/100 of a percent, 0 to 10000) of the cost that
-- remains after vouchers, a cap in cents per period, or both (at least
-- one). Portable SQL: BIGINT cents, INTEGER basis points, RFC 3339 times.

CREATE TABLE employer_funding (
  employer_id TEXT PRIMARY KEY REFERENCES organisations(id),
  share_bp INTEGER CHECK (share_bp IS NULL OR (share_bp >= 0 AND share_bp <= 10000)),
  cap_cents BIGINT CHECK (cap_cents IS NULL OR cap_cents >= 0),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (share_bp IS NOT NULL OR cap_cents IS NOT NULL)
);

CREATE TABLE employer_funding_overrides (
  employment_id TEXT PRIMARY KEY REFERENCES employments(id),
  employer_id TEXT NOT NULL REFERENCES organisations(id),
  share_bp INTEGER CHECK (share_bp IS NULL OR (share_bp >= 0 AND share_bp <= 10000)),
  cap_cents BIGINT CHECK (cap_cents IS NULL OR cap_cents >= 0),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (share_bp IS NOT NULL OR cap_cents IS NOT NULL)
);
CREATE INDEX employer_funding_overrides_employer ON employer_funding_overrides(employer_id);
