#!/usr/bin/env bash
# proxy.sh: behind a reverse proxy (`serve --trusted-proxy`), login limits
# count the real client from X-Forwarded-For; from anyone else the header
# is ignored, so a client cannot dodge the limit by forging it.
. "$(dirname "$0")/lib.sh"

run 0 init --db p.db
run 2 serve --db p.db --trusted-proxy not-an-address
usage_error

# fail_logins N HEADER: N failed logins, each for another unknown account
# (so only the limit per address can bite), all expected to be 401
attempt=0
fail_logins() {
	for _ in $(seq 1 "$1"); do
		attempt=$((attempt + 1))
		http POST /api/v1/session "{\"email\":\"n$attempt@example.nl\",\"password\":\"fout-wachtwoord\"}" "$2"
		[ "$STATUS" = 401 ] || fail "failed login $attempt: status $STATUS, expected 401"
	done
}

serve p.db --trusted-proxy 127.0.0.1
fail_logins 20 "X-Forwarded-For: 198.51.100.1, 203.0.113.5"
http POST /api/v1/session '{"email":"n0@example.nl","password":"fout-wachtwoord"}' \
	"X-Forwarded-For: 198.51.100.2, 203.0.113.5"
[ "$STATUS" = 429 ] || fail "the 21st failure from 203.0.113.5 gave $STATUS, expected 429"
ok "through the proxy, 20 failures from one client block that client"
fail_logins 1 "X-Forwarded-For: 203.0.113.6"
ok "another client behind the same proxy can still log in"
stop_server

serve p.db
fail_logins 20 "X-Forwarded-For: 192.0.2.77"
http POST /api/v1/session '{"email":"m0@example.nl","password":"fout-wachtwoord"}' \
	"X-Forwarded-For: 192.0.2.78"
[ "$STATUS" = 429 ] || fail "a forged X-Forwarded-For dodged the limit (status $STATUS)"
ok "without --trusted-proxy, X-Forwarded-For is ignored"
