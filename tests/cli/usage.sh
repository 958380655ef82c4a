#!/usr/bin/env bash
# usage.sh: every subcommand has --help (exit 0), usage errors exit 2 with
# a hint, user errors exit 1 with one line "leerpad: ..." on stderr.
. "$(dirname "$0")/lib.sh"

for cmd in serve init demo user export import version help; do
	run 0 "$cmd" --help
	grep -q "^usage: leerpad" out || fail "leerpad $cmd --help prints no usage"
	run 0 help "$cmd"
	grep -q "^usage: leerpad" out || fail "leerpad help $cmd prints no usage"
done
run 0 help
for cmd in demo user export import; do
	grep -q "^  $cmd " out || fail "leerpad help does not list $cmd"
done
run 0 user add --help
contains out "user passwd EMAIL"
ok "every command has --help, and 'leerpad help' lists the new ones"

usage() {   # usage ARGS...: exit 2 with the usage hint
	run 2 "$@"
	usage_error
}
run 2 frobnicate
contains err "see 'leerpad help'"
usage demo --frob
usage demo --db
usage export --db x.db --out
usage export extra-argument
usage import
usage import a.json b.json
usage import --frob a.json
usage user
usage user frob a@example.nl
usage user add
usage user add a@example.nl b@example.nl
usage user add a@example.nl --name x
usage user token a@example.nl
usage user roles a@example.nl --grant coach --revoke coach
usage user roles a@example.nl --org 0190a000-0000-7000-8000-000000000001
usage user passwd a@example.nl --person 0190a000-0000-7000-8000-000000000001
usage user roles a@example.nl --grant
ok "usage errors exit 2 with a hint"

user_error() {   # user_error ARGS...: exit 1, one line
	run 1 "$@"
	one_line_error
}
user_error export --db "$WORK/no/such/dir/x.db"
user_error import --db x.db "$WORK/missing.json"
[ ! -e x.db ] || fail "a failed import created the database"
printf 'not json' >garbage.json
user_error import --db x.db garbage.json
user_error demo --db "$WORK/no/such/dir/x.db"
user_error user roles nobody@example.nl --db u.db
echo 'een-wachtwoord' | user_error user passwd nobody@example.nl --db u.db
user_error user token nobody@example.nl --name ci --db u.db
mkdir adir
run 0 init --db e.db
user_error export --db e.db --out adir
ok "user errors exit 1 with one line on stderr"

# LEERPAD_DB is the default database
LEERPAD_DB="$WORK/env.db" run 0 demo
[ -s env.db ] || fail "LEERPAD_DB was not used"
LEERPAD_DB="$WORK/env.db" run 0 export
contains out '"Associate degree Engineering"'
ok "LEERPAD_DB names the database when --db is not given"
