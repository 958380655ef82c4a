#!/usr/bin/env bash
# cluster.sh: a throwaway PostgreSQL cluster for the tests and benchmarks
#
#   tests/pg/cluster.sh start DIR     make and start a cluster (its files in a
#                                     temporary folder named in DIR/home);
#                                     writes its URL to DIR/url
#   tests/pg/cluster.sh stop DIR      stop it and remove DIR
#   tests/pg/cluster.sh run CMD ...   start one in a temporary folder, run
#                                     CMD with LEERPAD_TEST_PG set to its URL,
#                                     then stop and remove it, also when CMD
#                                     fails or is interrupted (trap)
#
# Installs Debian's postgresql package if initdb is missing. The cluster
# listens on 127.0.0.1 only, on a free port, with its socket in its folder, and
# trusts local connections (it holds test data only). When run as root the
# server runs as the postgres user (PostgreSQL refuses to run as root).
# The URL names the maintenance database "postgres"; each test creates a
# database of its own in it. For speed the tests' cluster does not fsync;
# with LEERPAD_PG_DURABLE=1 (the benchmarks) it runs with PostgreSQL's
# durable defaults.
set -euo pipefail

die() { echo "cluster.sh: $*" >&2; exit 1; }

pg_bindir() {
	local d
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		if [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
	done
	return 1
}

ensure_installed() {
	if pg_bindir >/dev/null; then return 0; fi
	echo "cluster.sh: installing postgresql" >&2
	local sudo=""
	if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
	DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
		postgresql >/dev/null
	pg_bindir >/dev/null || die "postgresql installed, but no initdb found"
}

# as_pg CMD...: runs CMD as the user that owns the cluster.
as_pg() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# A port on 127.0.0.1 that nothing listens on (a connect is refused).
free_port() {
	local port
	for _ in $(seq 1 200); do
		port=$(( 20000 + RANDOM % 30000 ))
		if ! (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then
			echo "$port"; return 0
		fi
	done
	die "no free port found"
}

# The cluster's own folder for DIR: a temporary folder (under $TMPDIR or
# /tmp, which the postgres user can reach without our parents' permissions
# being touched), named in DIR/home.
start() {
	local dir=$1 bin port home
	ensure_installed
	bin=$(pg_bindir)
	stop "$dir"
	mkdir -p "$dir"
	home=$(mktemp -d "${TMPDIR:-/tmp}/leerpad-pgdata-XXXXXX")
	echo "$home" >"$dir/home"
	chmod 0700 "$home"
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres: "$home"
		runuser -u postgres -- test -x "$home" ||
			die "the postgres user cannot reach $home; set TMPDIR to a folder it can"
	fi
	# if anything below fails, leave nothing running behind
	trap 'stop "$dir" >/dev/null 2>&1 || true' ERR
	as_pg "$bin/initdb" -D "$home/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
		>"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; stop "$dir"; die "initdb failed"; }
	local fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	[ -n "${LEERPAD_PG_DURABLE:-}" ] && fast=""
	for attempt in 1 2 3 4 5; do
		port=$(free_port)
		if as_pg "$bin/pg_ctl" -D "$home/data" -l "$home/server.log" -w -t 60 \
			-o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$home \
			    $fast -c max_connections=200" start >/dev/null 2>&1; then
			echo "postgres://postgres@127.0.0.1:$port/postgres" >"$dir/url"
			trap - ERR
			echo "cluster.sh: PostgreSQL at $(cat "$dir/url") in $home" >&2
			return 0
		fi
		echo "cluster.sh: port $port did not work (attempt $attempt)" >&2
	done
	cat "$home/server.log" >&2 || true
	stop "$dir"
	die "the cluster would not start"
}

# Stops the cluster of DIR (if any) and removes it and DIR.
stop() {
	local dir=$1 bin home=""
	[ -f "$dir/home" ] && home=$(cat "$dir/home")
	if [ -n "$home" ] && [ -f "$home/data/postmaster.pid" ] && bin=$(pg_bindir); then
		as_pg "$bin/pg_ctl" -D "$home/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
	fi
	case "$home" in
	*/leerpad-pgdata-*) rm -rf "$home" ;;
	esac
	rm -rf "$dir"
}

case "${1:-}" in
start) [ $# -eq 2 ] || die "usage: cluster.sh start DIR"; start "$2" ;;
stop) [ $# -eq 2 ] || die "usage: cluster.sh stop DIR"; stop "$2" ;;
run)
	shift
	[ $# -ge 1 ] || die "usage: cluster.sh run CMD ..."
	run_dir=$(mktemp -d "${TMPDIR:-/tmp}/leerpad-pg-XXXXXX")
	trap 'stop "$run_dir/cluster"; rm -rf "$run_dir"' EXIT
	trap 'exit 130' INT TERM
	start "$run_dir/cluster"
	LEERPAD_TEST_PG=$(cat "$run_dir/cluster/url") "$@"
	;;
*) die "usage: cluster.sh start DIR | stop DIR | run CMD ..." ;;
esac
