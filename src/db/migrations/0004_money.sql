-- 0004_money.sql: voucher schemes, vouchers, reservations, the double-entry
-- money ledger, idempotency keys and employer contributions (issue 5).
-- Portable SQL: TEXT ids (UUIDv7), BIGINT cents (EUR only), INTEGER flags
-- and tenths of an EC, RFC 3339 UTC text times, YYYY-MM-DD dates.
-- Ledger transactions and entries are immutable (triggers in the engine
-- parts); a correction is a reversal plus a new transaction.

CREATE TABLE voucher_schemes (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  currency TEXT NOT NULL DEFAULT 'EUR' CHECK (currency = 'EUR'),
  value_per_30ec_cents BIGINT NOT NULL CHECK (value_per_30ec_cents > 0),
  budget_cents BIGINT NOT NULL CHECK (budget_cents > 0),
  max_vouchers_per_learner INTEGER NOT NULL DEFAULT 8,
  allow_partial INTEGER NOT NULL DEFAULT 0,
  issue_from TEXT NOT NULL,
  issue_until TEXT NOT NULL,
  spend_by TEXT NOT NULL,
  rules TEXT NOT NULL DEFAULT '[]',
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE voucher_scheme_programmes (
  scheme_id TEXT NOT NULL REFERENCES voucher_schemes(id),
  programme_id TEXT NOT NULL REFERENCES programmes(id),
  PRIMARY KEY (scheme_id, programme_id)
);
CREATE INDEX voucher_scheme_programmes_programme ON voucher_scheme_programmes(programme_id);

CREATE TABLE vouchers (
  id TEXT PRIMARY KEY,
  scheme_id TEXT NOT NULL REFERENCES voucher_schemes(id),
  person_id TEXT NOT NULL REFERENCES persons(id),
  ec_tenths INTEGER NOT NULL CHECK (ec_tenths > 0),
  value_cents BIGINT NOT NULL CHECK (value_cents > 0),
  state TEXT NOT NULL CHECK (state IN ('issued', 'reserved', 'redeemed', 'expired', 'revoked')),
  spend_by TEXT NOT NULL,
  reason TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX vouchers_person ON vouchers(person_id, id);
CREATE INDEX vouchers_scheme_state ON vouchers(scheme_id, state);

CREATE TABLE reservations (
  id TEXT PRIMARY KEY,
  voucher_id TEXT NOT NULL REFERENCES vouchers(id),
  offering_id TEXT NOT NULL REFERENCES offerings(id),
  provider_id TEXT NOT NULL REFERENCES organisations(id),
  person_id TEXT NOT NULL REFERENCES persons(id),
  amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
  state TEXT NOT NULL CHECK (state IN ('reserved', 'redeemed', 'released')),
  confirmed_at TEXT,
  redeemed_at TEXT,
  released_at TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX reservations_voucher ON reservations(voucher_id);
CREATE INDEX reservations_provider ON reservations(provider_id, state);
CREATE INDEX reservations_person ON reservations(person_id);

-- Accounts are named: "scheme:<id>:budget", "voucher:<id>", ... (ledger.h).
-- balance_cents is a cache of the sum of the account's entries, kept in
-- the same transaction; `leerpad ledger check` compares the two.
CREATE TABLE ledger_accounts (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  owner_id TEXT,
  name TEXT NOT NULL,
  currency TEXT NOT NULL DEFAULT 'EUR' CHECK (currency = 'EUR'),
  allow_negative INTEGER NOT NULL DEFAULT 0,
  balance_cents BIGINT NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE INDEX ledger_accounts_owner ON ledger_accounts(owner_id);

CREATE TABLE ledger_transactions (
  id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  actor_id TEXT,
  kind TEXT NOT NULL,
  reason TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  reversal_of TEXT REFERENCES ledger_transactions(id)
);
CREATE INDEX ledger_transactions_object ON ledger_transactions(object_type, object_id);
CREATE UNIQUE INDEX ledger_transactions_reversal ON ledger_transactions(reversal_of);

CREATE TABLE ledger_entries (
  id TEXT PRIMARY KEY,
  transaction_id TEXT NOT NULL REFERENCES ledger_transactions(id),
  account_id TEXT NOT NULL REFERENCES ledger_accounts(id),
  amount_cents BIGINT NOT NULL CHECK (amount_cents <> 0)
);
CREATE INDEX ledger_entries_transaction ON ledger_entries(transaction_id);
CREATE INDEX ledger_entries_account ON ledger_entries(account_id);

-- One row per (actor, key): the first response to a money-moving request,
-- so a repeat returns it and moves nothing twice, on any server.
CREATE TABLE idempotency_keys (
  actor_id TEXT NOT NULL,
  idem_key TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  response TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (actor_id, idem_key)
);

CREATE TABLE employer_contributions (
  id TEXT PRIMARY KEY,
  employer_id TEXT NOT NULL REFERENCES organisations(id),
  person_id TEXT NOT NULL REFERENCES persons(id),
  reservation_id TEXT NOT NULL REFERENCES reservations(id),
  provider_id TEXT NOT NULL REFERENCES organisations(id),
  amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
  transaction_id TEXT NOT NULL REFERENCES ledger_transactions(id),
  created_at TEXT NOT NULL
);
CREATE INDEX employer_contributions_employer ON employer_contributions(employer_id);
CREATE INDEX employer_contributions_provider ON employer_contributions(provider_id);
