#!/usr/bin/env bash
# make_run.sh: the README's `make run` really serves the demo.
#
# Copies the source tree (without build output, git data or node modules)
# to a temporary directory, runs `make run DB=<temp file> PORT=<free port>`
# there in its own process group, waits until the port answers, fetches the
# start page and checks it shows a programme of the demo, checks that the
# demo logins were printed, then stops the whole process group.
# Usage: make_run.sh SOURCE_DIR [SECONDS_TO_WAIT]
set -euo pipefail

SRC=${1:?usage: make_run.sh SOURCE_DIR [SECONDS_TO_WAIT]}
WAIT=${2:-1500}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/leerpad-make-run.XXXXXX")
PGID=
unset LEERPAD_DB

cleanup() {
	if [ -n "$PGID" ]; then
		kill -TERM -- "-$PGID" 2>/dev/null || true
		for _ in $(seq 1 50); do
			kill -0 -- "-$PGID" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL -- "-$PGID" 2>/dev/null || true
	fi
	if [ -n "${LEERPAD_TEST_KEEP:-}" ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*" >&2
	echo "--- make run said (last lines):" >&2
	tail -n 40 "$WORK/make.log" >&2 || true
	exit 1
}

# a port nobody listens on (bash's /dev/tcp connect fails)
port_is_free() {
	! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
PORT=
for _ in $(seq 1 50); do
	candidate=$((20000 + RANDOM % 40000))
	if port_is_free "$candidate"; then PORT=$candidate; break; fi
done
[ -n "$PORT" ] || fail "found no free port"

mkdir "$WORK/tree"
tar -C "$SRC" --exclude=./build --exclude=./.git --exclude=./var --exclude=node_modules \
	-cf - . | tar -C "$WORK/tree" -xf -
[ -f "$WORK/tree/Makefile" ] || fail "no Makefile in $SRC"

# its own session and process group, so that everything make starts stops
# with it; setsid does not fork here (we are not a group leader), so $! is
# the group's id
setsid make -C "$WORK/tree" run DB="$WORK/demo.db" PORT="$PORT" </dev/null \
	>"$WORK/make.log" 2>&1 &
PGID=$!

deadline=$((SECONDS + WAIT))
until ! port_is_free "$PORT"; do
	kill -0 "$PGID" 2>/dev/null || fail "make run stopped before serving"
	[ "$SECONDS" -lt "$deadline" ] || fail "nothing listened on port $PORT after $WAIT s"
	sleep 1
done

# GET / over /dev/tcp
exec 3<>"/dev/tcp/127.0.0.1/$PORT"
printf 'GET / HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$PORT" >&3
cat <&3 >"$WORK/start.html"
exec 3<&-
head -n 1 "$WORK/start.html" | grep -q ' 200 ' || fail "GET / did not answer 200: $(head -n 1 "$WORK/start.html")"
grep -q 'Associate degree Engineering' "$WORK/start.html" ||
	fail "the start page does not show the demo's Associate degree Engineering"
grep -q 'Small Business &amp; Retail Management' "$WORK/start.html" ||
	fail "the start page does not show the demo's Small Business & Retail Management"
echo "ok 1 - make run serves the demo's start page on port $PORT"

grep -q 'learner@demo.leerpad.nl *demo-wachtwoord' "$WORK/make.log" ||
	fail "make run did not print the demo logins"
[ -s "$WORK/demo.db" ] || fail "make run did not use DB=$WORK/demo.db"
echo "ok 2 - make run printed the demo logins and used the given database"
