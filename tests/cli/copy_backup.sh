#!/usr/bin/env bash
# copy_backup.sh: `leerpad backup` makes a consistent, readable copy of a
# live SQLite database; `leerpad copy` moves a whole installation from
# SQLite to PostgreSQL and back, verified table by table, refuses a target
# that is not empty, and a server runs on the copy. Usage and exit codes of
# both. Needs the throwaway PostgreSQL cluster (LEERPAD_TEST_PG or
# LEERPAD_TEST_PG_URL_FILE, see tests/pg/cluster.sh).
. "$(dirname "$0")/lib.sh"

PG_BASE=${LEERPAD_TEST_PG:-}
if [ -z "$PG_BASE" ] && [ -n "${LEERPAD_TEST_PG_URL_FILE:-}" ]; then
	PG_BASE=$(cat "$LEERPAD_TEST_PG_URL_FILE")
fi
[ -n "$PG_BASE" ] || fail "no PostgreSQL cluster (LEERPAD_TEST_PG)"
PG_DBS=()
# pgdb NAME: a fresh PostgreSQL database; its URL in $PGURL
pgdb() {
	local name="lp_cli_$1_$$"
	psql -q -X "$PG_BASE" -c "CREATE DATABASE $name" >/dev/null || fail "cannot create $name"
	PG_DBS+=("$name")
	PGURL="${PG_BASE%/*}/$name"
}
drop_pg() {
	for name in "${PG_DBS[@]+"${PG_DBS[@]}"}"; do
		psql -q -X "$PG_BASE" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1 || true
	done
	cleanup
}
trap drop_pg EXIT
pgsql() {   # pgsql URL QUERY: one value through psql
	psql -X -A -t -q "$1" -c "$2"
}
TABLES="organisations network_memberships programmes outcomes offerings offering_outcomes
	persons employments accounts role_grants sessions api_tokens login_attempts audit_log
	periods cohorts programme_assessment_rules enrolments prior_learning_claims agreements
	agreement_versions signatures agreement_outcomes evidence attestations assessments
	coaching_log voucher_schemes voucher_scheme_programmes vouchers reservations
	ledger_accounts ledger_transactions ledger_entries idempotency_keys employer_contributions"

# --- usage and exit codes
for cmd in copy backup; do
	run 0 "$cmd" --help
	grep -q "^usage: leerpad $cmd" out || fail "leerpad $cmd --help prints no usage"
	run 0 help "$cmd"
	grep -q "^usage: leerpad $cmd" out || fail "leerpad help $cmd prints no usage"
done
run 0 help
contains out "  copy "
contains out "  backup "
for args in "copy" "copy --from a.db" "copy --to b.db" "copy --from a.db --to a.db" \
	"copy --from a.db --to b.db extra" "copy --frob" "backup" "backup --db a.db" \
	"backup --to" "backup --to x.db --frob"; do
	# shellcheck disable=SC2086
	run 2 $args
	usage_error
done
run 1 copy --from "$WORK/none.db" --to "$WORK/other.db"
one_line_error
[ ! -e "$WORK/none.db" ] || fail "copy created its source"
run 1 backup --db "$WORK/none.db" --to b.db
one_line_error
[ ! -e "$WORK/none.db" ] || fail "backup created its source"
run 1 backup --db "$PG_BASE" --to b.db
one_line_error
contains err "pg_dump"
ok "copy and backup: --help, usage errors exit 2, user errors exit 1 with one line"

# --- backup of a live database
run 0 init --db live.db
run 0 demo --db live.db
serve live.db
http POST /api/v1/session '{"email":"admin@demo.leerpad.nl","password":"demo-wachtwoord"}'
[ "$STATUS" = 201 ] || fail "login on the live database: $STATUS"
run 0 backup --db sqlite:live.db --to backup.db
contains out "backed up live.db to backup.db"
[ ! -e backup.db.tmp* ] 2>/dev/null || true
ls backup.db.tmp* >/dev/null 2>&1 && fail "a temporary file was left"
[ "$(sql backup.db "PRAGMA integrity_check")" = ok ] || fail "the backup is damaged"
for t in $TABLES; do
	[ "$(sql backup.db "SELECT COUNT(*) FROM $t")" = "$(sql live.db "SELECT COUNT(*) FROM $t")" ] ||
		fail "backup: $t has other row counts"
done
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
run 1 backup --db live.db --to "$WORK/no/such/dir/b.db"
one_line_error
ok "backup writes a complete, consistent copy while the server runs"

# --- init and demo on PostgreSQL: the same world as on SQLite
pgdb demo
run 0 init --db "$PGURL"
contains out "schema version"
run 0 init --db "$PGURL"
contains out "(0 migrations applied)"
run 0 demo --db "$PGURL"
contains out "loaded the demo"
for t in organisations network_memberships programmes outcomes offerings offering_outcomes \
	persons employments accounts role_grants enrolments agreements vouchers ledger_entries; do
	[ "$(pgsql "$PGURL" "SELECT COUNT(*) FROM $t")" = "$(sql live.db "SELECT COUNT(*) FROM $t")" ] ||
		fail "demo on PostgreSQL: $t has other row counts than on SQLite"
done
run 0 ledger check --db "$PGURL"
ok "init and demo work on PostgreSQL and make the same world"

# --- copy SQLite -> PostgreSQL
pgdb target
run 0 copy --from sqlite:live.db --to "$PGURL"
contains out "copied 38 tables"
for t in $TABLES; do
	grep -q "^  $t  *[0-9]* rows, same contents" out || fail "no report line for $t"
	[ "$(pgsql "$PGURL" "SELECT COUNT(*) FROM $t")" = "$(sql live.db "SELECT COUNT(*) FROM $t")" ] ||
		fail "copy: $t has other row counts on PostgreSQL"
done
[ "$(pgsql "$PGURL" "SELECT SUM(price_cents) FROM offerings")" = \
  "$(sql live.db "SELECT SUM(price_cents) FROM offerings")" ] || fail "the prices differ"
[ "$(pgsql "$PGURL" "SELECT MAX(version) FROM schema_migrations")" = \
  "$(sql live.db "SELECT MAX(version) FROM schema_migrations")" ] || fail "schema versions differ"
run 0 ledger check --db "$PGURL"
ok "copy moves every table to PostgreSQL with the same rows, and the ledger checks out"

# a second copy into the now full database is refused and changes nothing
before=$(pgsql "$PGURL" "SELECT COUNT(*) FROM audit_log")
run 1 copy --from live.db --to "$PGURL"
one_line_error
contains err "not empty"
[ "$(pgsql "$PGURL" "SELECT COUNT(*) FROM audit_log")" = "$before" ] || fail "the refused copy wrote"
ok "copy refuses a target that is not empty"

# the copy serves: the demo logins work and the catalog is there
serve "$PGURL"
http POST /api/v1/session '{"email":"admin@demo.leerpad.nl","password":"demo-wachtwoord"}'
[ "$STATUS" = 201 ] || fail "login on the PostgreSQL copy: $STATUS"
http GET "/api/v1/programmes?limit=100"
[ "$STATUS" = 200 ] || fail "programmes on the PostgreSQL copy: $STATUS"
[ "$(grep -o '"id":' body | wc -l)" -ge "$(sql live.db "SELECT COUNT(*) FROM programmes")" ] ||
	fail "the PostgreSQL copy lists fewer programmes"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
ok "a server runs on the PostgreSQL copy"

# --- and back: PostgreSQL -> SQLite gives the same contents (the server
# above logged in, so these are the PostgreSQL rows, not live.db's)
run 0 copy --from "$PGURL" --to sqlite:back.db
for t in $TABLES; do
	[ "$(sql back.db "SELECT * FROM $t ORDER BY 1, 2")" = \
	  "$(pgsql "$PGURL" "SELECT * FROM $t ORDER BY 1, 2")" ] || fail "round trip: $t differs"
done
[ "$(sql back.db "SELECT COUNT(*) FROM sessions")" -gt "$(sql live.db "SELECT COUNT(*) FROM sessions")" ] ||
	fail "the session made on PostgreSQL did not come back"
ok "copy back to SQLite gives every row as it was"
