-- 0006_money_indexes.sql: narrower money indexes, so that a redemption
-- writes fewer pages (issue 5, speed; bench/README.md). Every changed
-- index page is written whole to SQLite's WAL and fsynced at COMMIT.
--
-- vouchers(scheme_id, state) and reservations(provider_id, state) held the
-- state, which every reserve, redeem and release changes: each change
-- moved the entry from one part of the index to another (two or three
-- pages). The queries look up vouchers by scheme and reservations by
-- provider, and filter the state in the row they read anyway.
DROP INDEX vouchers_scheme_state;
CREATE INDEX vouchers_scheme ON vouchers(scheme_id);
DROP INDEX reservations_provider;
CREATE INDEX reservations_provider ON reservations(provider_id);
-- A provider's settlement reads its redeemed reservations of a period:
-- only redeemed ones are in this index, in the order of redemption.
CREATE INDEX reservations_redeemed ON reservations(provider_id, redeemed_at)
  WHERE state = 'redeemed';
-- Only reversals name the transaction they reverse (at most one each):
-- the other transactions' NULLs need no entry.
DROP INDEX ledger_transactions_reversal;
CREATE UNIQUE INDEX ledger_transactions_reversal ON ledger_transactions(reversal_of)
  WHERE reversal_of IS NOT NULL;
