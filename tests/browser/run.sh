#!/usr/bin/env bash
# run.sh: runs every browser test file, one after another, by hand.
# Usage: tests/browser/run.sh [LEERPAD_BINARY] [FILE.test.mjs ...]
# The binary defaults to $LEERPAD_BIN, then build/test/leerpad (make test's).
# Each file makes its own temporary `leerpad demo` database and server and
# stops the server however it ends. CTest runs the same files one by one
# (ctest -L browser).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${1:-${LEERPAD_BIN:-$root/build/test/leerpad}}
shift || true
if [ ! -x "$bin" ]; then
  echo "run.sh: no leerpad binary at $bin (build it first: make test, or give its path)" >&2
  exit 2
fi
"$root/scripts/install-node-deps" >/dev/null
files=("$@")
if [ ${#files[@]} -eq 0 ]; then files=("$here"/*.test.mjs); fi
LEERPAD_BIN=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin") \
  exec node --test --test-concurrency=1 --test-reporter=spec "${files[@]}"
