#!/usr/bin/env bash
# user.sh: `leerpad user` adds accounts, sets passwords, grants and revokes
# roles (audited) and makes API tokens that work against the real server.
. "$(dirname "$0")/lib.sh"

run 0 demo --db u.db
fontys=$(sql u.db "SELECT id FROM organisations WHERE institution_code = '30GB'")
person=$(sql u.db "SELECT id FROM persons WHERE given_name = 'Rik' AND family_name = 'Smulders'")

# add, with the password from stdin, for a person
echo 'eerste-wachtwoord' | run 0 user add Rik.Smulders@Example.nl --person "$person" --db u.db
contains out "created account rik.smulders@example.nl"
[ "$(sql u.db "SELECT COUNT(*) FROM accounts WHERE email = 'rik.smulders@example.nl' AND person_id = '$person' AND password_hash LIKE '\$argon2id\$%'")" -eq 1 ] ||
	fail "the account is not stored with its person and an argon2id hash"
lacks out "eerste-wachtwoord"
ok "user add reads the password from stdin and stores only its hash"

echo 'tweede-wachtwoord' | run 1 user add rik.smulders@example.nl --db u.db
one_line_error
contains err "already exists"
echo 'kort' | run 1 user add kort@example.nl --db u.db
one_line_error
contains err "at least 10 characters"
run 1 user add leeg@example.nl --password-stdin --db u.db </dev/null
one_line_error
echo 'goed-wachtwoord' | run 1 user add geen-adres --db u.db
one_line_error
echo 'goed-wachtwoord' | run 1 user add x@example.nl --person 0190a000-0000-7000-8000-00000000dead --db u.db
one_line_error
contains err "person_id"
[ "$(sql u.db "SELECT COUNT(*) FROM accounts WHERE email IN ('kort@example.nl', 'leeg@example.nl', 'x@example.nl')")" -eq 0 ] ||
	fail "a refused account was stored"
ok "user add refuses duplicates, short or missing passwords, bad addresses and persons"

# add on a terminal: asked twice, never echoed
mkfifo tty.in
script -qec "'$BIN' user add tty@example.nl --db u.db" /dev/null <tty.in >tty.out 2>&1 &
script_pid=$!
exec 4>tty.in
wait_for() {   # wait_for TEXT: until tty.out shows TEXT
	for _ in $(seq 1 300); do
		grep -q "$1" tty.out && return 0
		sleep 0.05
	done
	fail "the terminal never showed '$1': $(cat tty.out)"
}
wait_for 'New password:'
printf 'terminal-wachtwoord\n' >&4
wait_for 'Again:'
printf 'terminal-wachtwoord\n' >&4
exec 4>&-
wait "$script_pid" || fail "user add on a terminal failed: $(cat tty.out)"
grep -q 'created account tty@example.nl' tty.out || fail "no account made on the terminal"
if grep -q 'terminal-wachtwoord' tty.out; then fail "the password was echoed"; fi
ok "user add on a terminal asks twice without echo"

# passwd: the new password logs in, the old one no longer does
echo 'derde-wachtwoord' | run 0 user passwd rik.smulders@example.nl --db u.db
contains out "changed the password"
echo 'derde-wachtwoord' | run 1 user passwd niemand@example.nl --db u.db
one_line_error
contains err "no account"
echo 'kort' | run 1 user passwd rik.smulders@example.nl --db u.db
one_line_error
serve u.db
http POST /api/v1/session '{"email":"rik.smulders@example.nl","password":"eerste-wachtwoord"}'
[ "$STATUS" = 401 ] || fail "the old password still logs in (status $STATUS)"
http POST /api/v1/session '{"email":"rik.smulders@example.nl","password":"derde-wachtwoord"}'
[ "$STATUS" = 201 ] || [ "$STATUS" = 200 ] || fail "the new password does not log in (status $STATUS)"
ok "user passwd changes the password (old refused, new accepted)"

# roles: list, grant, refuse a duplicate, revoke (audited)
run 0 user roles rik.smulders@example.nl --db u.db
contains out "holds no roles"
run 0 user roles rik.smulders@example.nl --grant coach --org "$fontys" --db u.db
contains out "now holds role coach in Fontys Hogescholen"
run 0 user roles rik.smulders@example.nl --grant monitor --db u.db
run 0 user roles RIK.SMULDERS@example.nl --db u.db
contains out "coach"
contains out "Fontys Hogescholen ($fontys)"
contains out "monitor"
contains out "(everywhere)"
run 1 user roles rik.smulders@example.nl --grant coach --org "$fontys" --db u.db
one_line_error
contains err "already holds role coach"
run 1 user roles rik.smulders@example.nl --grant coach --db u.db
one_line_error
contains err "organisation_id"
run 1 user roles rik.smulders@example.nl --grant kok --org "$fontys" --db u.db
one_line_error
run 1 user roles niemand@example.nl --db u.db
one_line_error
http POST /api/v1/session '{"email":"rik.smulders@example.nl","password":"derde-wachtwoord"}'
contains body "{\"role\":\"coach\",\"organisation_id\":\"$fontys\"}"
grant=$(sql u.db "SELECT g.id FROM role_grants g JOIN accounts a ON a.id = g.account_id WHERE a.email = 'rik.smulders@example.nl' AND g.role = 'coach'")
run 0 user roles rik.smulders@example.nl --revoke coach --org "$fontys" --db u.db
contains out "no longer holds role coach"
[ "$(sql u.db "SELECT COUNT(*) FROM role_grants WHERE id = '$grant'")" -eq 0 ] || fail "the grant is still there"
[ "$(sql u.db "SELECT COUNT(*) FROM audit_log WHERE entity = 'role_grants' AND entity_id = '$grant' AND action = 'delete' AND actor_id = 'system' AND changes LIKE '%\"role\":\"coach\"%'")" -eq 1 ] ||
	fail "the revoke is not audited"
run 1 user roles rik.smulders@example.nl --revoke coach --org "$fontys" --db u.db
one_line_error
run 0 user roles rik.smulders@example.nl --db u.db
lacks out "coach"
contains out "monitor"
http POST /api/v1/session '{"email":"rik.smulders@example.nl","password":"derde-wachtwoord"}'
if grep -q '"role":"coach"' body; then fail "the revoked role still comes with a login"; fi
ok "user roles lists, grants, refuses duplicates and revokes with an audit entry"

# token: printed once, works as a bearer token, its hash only is stored
run 0 user token rik.smulders@example.nl --name "koppeling rooster" --db u.db
token=$(cat out)
[ "$(wc -l <out)" -eq 1 ] && [ "${#token}" -ge 40 ] || fail "the token is not one line of 40+ characters"
[ "$(sql u.db "SELECT COUNT(*) FROM api_tokens WHERE name = 'koppeling rooster' AND token_hash <> '$token'")" -eq 1 ] ||
	fail "the token is not stored (as a hash)"
http GET /api/v1/session "" "Authorization: Bearer $token"
[ "$STATUS" = 200 ] || fail "the token does not authenticate (status $STATUS)"
contains body "rik.smulders@example.nl"
http GET /api/v1/session "" "Authorization: Bearer ${token}x"
[ "$STATUS" = 401 ] || fail "a wrong token authenticates (status $STATUS)"
run 1 user token niemand@example.nl --name x --db u.db
one_line_error
ok "user token prints a working API token once"
