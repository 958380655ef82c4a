#!/usr/bin/env bash
# proxy.sh: `leerpad serve --trusted-proxy ADDR` behind a load balancer
# takes the client's address from X-Real-IP, so the per-address login rate
# limit counts each client apart instead of locking out everyone behind
# the balancer; without the option the header is ignored.
. "$(dirname "$0")/lib.sh"

run 2 serve --trusted-proxy not-an-address
usage_error
run 0 serve --help
contains out "--trusted-proxy ADDR"
ok "--trusted-proxy takes an IP address"

run 0 init --db p.db
limit=20   # AUTH_MAX_FAILURES_ADDRESS

# fails N IP: N failed logins of different unknown accounts from client IP
fails() {
	for i in $(seq 1 "$1"); do
		http POST /api/v1/session "{\"email\":\"nobody$i@example.nl\",\"password\":\"x\"}" \
			"X-Real-IP: $2"
		[ "$STATUS" = 401 ] || fail "failed login $i from $2 answered $STATUS"
	done
}

serve p.db   # without the option: X-Real-IP means nothing
fails 3 10.0.0.1
http POST /api/v1/session '{"email":"nobody@example.nl","password":"x"}' "X-Real-IP: 10.0.0.9"
[ "$STATUS" = 401 ] || fail "expected 401, got $STATUS"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=

run 0 init --db q.db
rm -f "$WORK/port"
"$BIN" serve --db q.db --port 0 --port-file "$WORK/port" --threads 2 --max-seconds 300 \
	--trusted-proxy 127.0.0.1 >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 200); do [ -s "$WORK/port" ] && break; sleep 0.05; done
PORT=$(cat "$WORK/port")
fails "$limit" 10.0.0.1
http POST /api/v1/session '{"email":"one-more@example.nl","password":"x"}' "X-Real-IP: 10.0.0.1"
[ "$STATUS" = 429 ] || fail "client 10.0.0.1 past the limit answered $STATUS, expected 429"
http POST /api/v1/session '{"email":"one-more@example.nl","password":"x"}' "X-Real-IP: 10.0.0.2"
[ "$STATUS" = 401 ] || fail "another client behind the proxy answered $STATUS, expected 401"
http POST /api/v1/session '{"email":"one-more@example.nl","password":"x"}' "X-Real-IP: garbage"
[ "$STATUS" = 401 ] || fail "a bad X-Real-IP (the proxy's own address counts) answered $STATUS"
[ "$(sql q.db "SELECT COUNT(*) FROM login_attempts WHERE key = 'address:10.0.0.1'")" = 1 ] ||
	fail "no rate-limit row for the client address"
ok "behind a trusted proxy each client has its own rate limit"
