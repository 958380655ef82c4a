#!/usr/bin/env bash
# money.sh: `leerpad ledger check`, `leerpad vouchers expire` and
# `leerpad settlement` on the demo database: the demo's money passes the
# check, expiry is idempotent, statements come as CSV and JSON, and any
# breach of the ledger makes the check fail.
. "$(dirname "$0")/lib.sh"

for cmd in vouchers ledger settlement; do
	run 0 "$cmd" --help
	grep -q "^usage: leerpad $cmd" out || fail "leerpad $cmd --help prints no usage"
done
run 0 ledger check --help
contains out "exits 0 when all holds"
ok "the money commands have --help"

run 2 ledger
usage_error
run 2 ledger frob
run 2 vouchers expire --today 2026-13-45
run 2 settlement --provider x
run 2 settlement --provider x --period 2026-01 --format xml
ok "usage errors exit 2"

run 0 demo --db demo.db
[ "$(sql demo.db "SELECT COUNT(*) FROM voucher_schemes WHERE name = 'Experiment vraagfinanciering' AND value_per_30ec_cents = 125000")" -eq 1 ] ||
	fail "no demo scheme of EUR 1,250 per 30 EC"
[ "$(sql demo.db "SELECT COUNT(DISTINCT person_id) FROM vouchers")" -ge 4 ] ||
	fail "vouchers for fewer than 4 demo learners"
[ "$(sql demo.db "SELECT COUNT(DISTINCT g.funded) FROM reservations r JOIN organisations g ON g.id = r.provider_id WHERE r.state = 'redeemed'")" -eq 2 ] ||
	fail "no redemptions at both a funded and a private provider"
[ "$(sql demo.db "SELECT COUNT(*) FROM employer_contributions")" -eq 1 ] ||
	fail "not one employer contribution"
[ "$(sql demo.db "SELECT COUNT(*) FROM employer_funding f JOIN organisations g ON g.id = f.employer_id WHERE g.name = 'Albert Heijn' AND f.share_bp = 5000")" -eq 1 ] ||
	fail "no demo employer with a percentage share"
run 0 ledger check --db demo.db
contains out "ledger ok"
run 0 ledger check --db demo.db --json
contains out '"ok": true'
ok "the demo's money passes the ledger check"

run 0 vouchers expire --db demo.db
contains out "expired 0 vouchers"
# the demo's unused vouchers: Lisa's and Sanne's second
run 0 vouchers expire --db demo.db --today 2099-01-01
contains out "expired 2 vouchers "
snapshot demo.db before.sql
run 0 vouchers expire --db demo.db --today 2099-01-01
contains out "expired 0 vouchers"
snapshot demo.db after.sql
cmp -s before.sql after.sql || fail "a second expiry changed the database"
run 0 ledger check --db demo.db
ok "expiry returns unspent value and is idempotent"

ncoi=$(sql demo.db "SELECT id FROM organisations WHERE short_name = 'NCOI'")
q="$(date -u +%Y)-Q$(( ($(date -u +%-m) + 2) / 3 ))"
run 0 settlement --db demo.db --provider "$ncoi" --period "$q"
head -1 out | grep -q '^reservation_id,voucher_id,' || fail "no CSV header"
contains out '"Niels van Dongen"'
contains out ',150000,125000,12500,12500'
run 0 settlement --db demo.db --provider "$ncoi" --period "$q" --format json
contains out '"name": "VDL ETG"'
contains out '"learner_cents": 12500'
run 1 settlement --db demo.db --provider 00000000-0000-7000-8000-000000000000 --period "$q"
one_line_error
run 1 settlement --db demo.db --provider "$ncoi" --period 2026-99
one_line_error
ok "statements as CSV and JSON, with the employer's and learner's parts"

# every kind of breach makes the check fail (exit 1, each named)
cp demo.db broken.db
sql broken.db "UPDATE ledger_accounts SET balance_cents = balance_cents + 1 WHERE kind = 'scheme_budget'"
run 1 ledger check --db broken.db
contains out "cached balance"
cp demo.db broken.db
sql broken.db "DROP TRIGGER ledger_entries_no_update; UPDATE ledger_entries SET amount_cents = amount_cents + 1 WHERE rowid = (SELECT MIN(rowid) FROM ledger_entries)"
run 1 ledger check --db broken.db
contains out "does not balance"
cp demo.db broken.db
sql broken.db "UPDATE voucher_schemes SET budget_cents = 100"
run 1 ledger check --db broken.db
contains out "not funded with exactly its budget"
cp demo.db broken.db
sql broken.db "UPDATE reservations SET state = 'redeemed' WHERE state = 'reserved'"
run 1 ledger check --db broken.db
contains out "without a redemption transaction"
ok "ledger check exits 1 on each kind of breach"
