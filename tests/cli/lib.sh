# lib.sh: what the CLI tests share (sourced by tests/cli/*.sh)
#
# Each test script runs the real binary ($LEERPAD_BIN, set by CTest) in a
# temporary directory that is removed at the end (kept, and named, when
# LEERPAD_TEST_KEEP is set). Checks stop the script with a message naming
# the check; the exit status of the script is the test's result.
set -euo pipefail

BIN=${LEERPAD_BIN:?set LEERPAD_BIN to the leerpad binary}
[ -x "$BIN" ] || { echo "not executable: $BIN" >&2; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/leerpad-cli.XXXXXX")
SERVER_PID=
# the demo and the tests expect no database from the environment
unset LEERPAD_DB

# stop_server: stops the server serve started, and waits for it.
stop_server() {
	if [ -n "$SERVER_PID" ]; then
		kill "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
		SERVER_PID=
	fi
}

cleanup() {
	if [ -n "$SERVER_PID" ]; then
		kill "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
	fi
	if [ -n "${LEERPAD_TEST_KEEP:-}" ]; then
		echo "kept $WORK" >&2
	else
		rm -rf "$WORK"
	fi
}
trap cleanup EXIT
# a command failing under `set -e` names itself, so no failure is silent
trap 'echo "FAIL: line $LINENO: \"$BASH_COMMAND\" exited $?" >&2' ERR
cd "$WORK"

CHECKS=0

fail() {
	echo "FAIL: $*" >&2
	for f in out err; do
		if [ -s "$WORK/$f" ]; then
			echo "--- $f:" >&2
			head -c 4000 "$WORK/$f" >&2
		fi
	done
	exit 1
}

ok() {
	CHECKS=$((CHECKS + 1))
	echo "ok $CHECKS - $*"
}

# run CODE ARGS...: runs the binary with ARGS (stdin from the caller),
# stdout to ./out and stderr to ./err, and checks the exit code is CODE.
run() {
	local want=$1 got=0
	shift
	"$BIN" "$@" >"$WORK/out" 2>"$WORK/err" || got=$?
	[ "$got" -eq "$want" ] || fail "leerpad $* exited $got, expected $want"
	if grep -q 'Sanitizer' "$WORK/err"; then
		fail "leerpad $* hit a sanitizer"
	fi
}

# one_line_error: stderr is exactly one line starting with "leerpad: ".
one_line_error() {
	local lines
	lines=$(wc -l <"$WORK/err")
	[ "$lines" -eq 1 ] || fail "stderr has $lines lines, expected one"
	grep -q '^leerpad: ' "$WORK/err" || fail "stderr does not start with 'leerpad: '"
}

# usage_error: stderr names the command's usage hint (exit 2 is checked by run).
usage_error() {
	grep -q "^Try 'leerpad .* --help'" "$WORK/err" || fail "no usage hint on stderr"
}

contains() {   # contains FILE TEXT
	grep -qF -- "$2" "$WORK/$1" || fail "$1 does not contain '$2'"
}

lacks() {      # lacks FILE TEXT
	if grep -qF -- "$2" "$WORK/$1"; then fail "$1 contains '$2'"; fi
}

# sql DB QUERY: one query through the sqlite3 shell.
sql() {
	sqlite3 -batch -noheader -cmd '.timeout 10000' "$1" "$2"
}

# snapshot DB FILE: every table's rows, in a stable order, into FILE.
snapshot() {
	sqlite3 -batch -cmd '.timeout 10000' "$1" .dump >"$2"
}

# serve DB [OPTION...]: starts `leerpad serve` on a free port; sets PORT.
serve() {
	rm -f "$WORK/port"
	"$BIN" serve --db "$1" --port 0 --port-file "$WORK/port" --threads 2 \
		--max-seconds 300 "${@:2}" >"$WORK/server.log" 2>&1 &
	SERVER_PID=$!
	for _ in $(seq 1 200); do
		[ -s "$WORK/port" ] && break
		kill -0 "$SERVER_PID" 2>/dev/null || fail "the server stopped: $(cat "$WORK/server.log")"
		sleep 0.05
	done
	[ -s "$WORK/port" ] || fail "the server wrote no port"
	PORT=$(cat "$WORK/port")
}

# http METHOD PATH [BODY] [HEADER]: one HTTP/1.1 request to the server over
# bash's /dev/tcp; the status goes to $STATUS and the body to ./body.
http() {
	local method=$1 path=$2 body=${3:-} header=${4:-} response
	exec 3<>"/dev/tcp/127.0.0.1/$PORT"
	{
		printf '%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n' "$method" "$path"
		[ -n "$header" ] && printf '%s\r\n' "$header"
		if [ -n "$body" ]; then
			printf 'Content-Type: application/json\r\nContent-Length: %d\r\n' \
				"$(printf '%s' "$body" | wc -c)"
		fi
		printf '\r\n%s' "$body"
	} >&3
	response=$(cat <&3)
	exec 3<&-
	# sed reads all its input: `head -n 1` could end the pipe early, and
	# printf's SIGPIPE would then fail the script under pipefail
	STATUS=$(printf '%s\n' "$response" | sed -n '1s/^[^ ]* \([0-9]*\).*/\1/p')
	printf '%s' "$response" | sed '1,/^\r$/d' >"$WORK/body"
}
