#!/usr/bin/env bash
# Project-private PostgreSQL 15 cluster for local development and tests.
#
# Usage: scripts/db.sh start|stop|status|psql [psql args...]|url
#
#   start    create the cluster on first use, start it, create the database
#   stop     stop the cluster (no-op when it is not running)
#   status   one-line state; exit 0 when running, 3 when not
#   psql     open psql on the project database (extra arguments are passed on)
#   url      print the Npgsql connection string
#
# Environment (defaults in brackets):
#   EA_PG_PORT  TCP port on 127.0.0.1                        [55432]
#   EA_PG_NAME  cluster name; data in .data/pg-<name>        [dev]
#   EA_DB_NAME  database created inside the cluster          [enterpriseaid]
#   EA_PG_FAST  1 = fsync/synchronous_commit/full_page_writes off (tests only)
#   ConnectionStrings__Default
#               when set, an external database is in use: start/stop/status do
#               not touch any private cluster, url prints this string and psql
#               connects to it.
#
# Different names and ports can run side by side, e.g. the test suite uses
# EA_PG_NAME=test EA_PG_PORT=55433 EA_PG_FAST=1 next to the default dev cluster.
#
# Data lives in <repo>/.data/pg-<name> (git-ignored). Run as root, the server
# runs as the "postgres" system user (initdb refuses root). If that user cannot
# reach the checkout (e.g. a clone under /root), the cluster is kept in
# /var/tmp/enterpriseaid-<hash of repo path>/pg-<name> and .data/pg-<name> is a
# symlink to it. The Debian system cluster (pg_lsclusters) is not used.
set -euo pipefail

PG_BIN=/usr/lib/postgresql/15/bin
PG_PKG=postgresql-15

EA_PG_PORT="${EA_PG_PORT:-55432}"
EA_PG_NAME="${EA_PG_NAME:-dev}"
EA_DB_NAME="${EA_DB_NAME:-enterpriseaid}"
EA_PG_FAST="${EA_PG_FAST:-0}"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd -P)"
DATA_ROOT="$REPO_ROOT/.data"
LINK_PATH="$DATA_ROOT/pg-$EA_PG_NAME"
FALLBACK_ROOT="/var/tmp/enterpriseaid-$(printf '%s' "$REPO_ROOT" | sha1sum | cut -c1-12)"
FALLBACK_DIR="$FALLBACK_ROOT/pg-$EA_PG_NAME"
SOCK_DIR="/tmp/ea-pg-$EA_PG_NAME-$EA_PG_PORT"

log() { printf 'db.sh: %s\n' "$*"; }
die() { printf 'db.sh: error: %s\n' "$*" >&2; exit 1; }

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//'
}

[[ "$EA_PG_NAME" =~ ^[A-Za-z0-9_-]+$ ]] || die "EA_PG_NAME must match [A-Za-z0-9_-]+ (got '$EA_PG_NAME')"
if ! [[ "$EA_PG_PORT" =~ ^[1-9][0-9]{0,4}$ ]] || (( EA_PG_PORT > 65535 )); then
    die "EA_PG_PORT must be a TCP port number (got '$EA_PG_PORT')"
fi
[[ -n "$EA_DB_NAME" ]] || die "EA_DB_NAME must not be empty"

RUNNING_PORT=""
if [[ "$(id -u)" == 0 ]]; then IS_ROOT=1; SERVER_USER=postgres; else IS_ROOT=0; SERVER_USER="$(id -un)"; fi

conn_string() {
    printf 'Host=127.0.0.1;Port=%s;Database=%s;Username=postgres\n' "$EA_PG_PORT" "$EA_DB_NAME"
}

# Run a server-side command as the server user, from "/" so that a working
# directory the postgres user cannot enter does not matter.
as_server() {
    if (( IS_ROOT )); then
        (cd / && runuser -u postgres -- "$@")
    else
        (cd / && "$@")
    fi
}

client_psql() {
    PGCONNECT_TIMEOUT=10 "$PG_BIN/psql" -X -h 127.0.0.1 -p "$EA_PG_PORT" -U postgres "$@"
}

ensure_binaries() {
    if [[ -x "$PG_BIN/pg_ctl" && -x "$PG_BIN/initdb" && -x "$PG_BIN/psql" ]]; then
        return
    fi
    if (( IS_ROOT )); then
        log "PostgreSQL 15 server binaries not found in $PG_BIN; installing $PG_PKG with apt-get"
        apt-get update
        DEBIAN_FRONTEND=noninteractive apt-get install -y "$PG_PKG"
        [[ -x "$PG_BIN/pg_ctl" ]] || die "$PG_PKG installed but $PG_BIN/pg_ctl is still missing"
    else
        die "PostgreSQL 15 server binaries not found in $PG_BIN. Install them as root: apt-get update && apt-get install -y $PG_PKG"
    fi
}

ensure_server_user() {
    if (( IS_ROOT )) && ! id -u postgres >/dev/null 2>&1; then
        die "running as root but there is no 'postgres' system user to run the server (install $PG_PKG, which creates it)"
    fi
}

# Print the data folder of an existing cluster, or nothing if none exists yet.
existing_data_dir() {
    if [[ -L "$LINK_PATH" ]]; then
        readlink -f "$LINK_PATH" || true
    elif [[ -d "$LINK_PATH" ]]; then
        printf '%s\n' "$LINK_PATH"
    elif (( IS_ROOT )) && [[ -f "$FALLBACK_DIR/PG_VERSION" ]]; then
        printf '%s\n' "$FALLBACK_DIR"
    fi
}

# Decide where a new cluster goes; create the (empty) folder owned by the server user.
prepare_new_data_dir() {
    mkdir -p "$DATA_ROOT"
    if (( IS_ROOT )) && ! runuser -u postgres -- test -x "$DATA_ROOT" 2>/dev/null; then
        mkdir -p "$FALLBACK_ROOT"
        chmod 755 "$FALLBACK_ROOT"
        mkdir -p "$FALLBACK_DIR"
        chown postgres:postgres "$FALLBACK_DIR"
        chmod 700 "$FALLBACK_DIR"
        rm -f "$LINK_PATH"
        ln -s "$FALLBACK_DIR" "$LINK_PATH"
        log "the postgres user cannot reach $DATA_ROOT, so cluster '$EA_PG_NAME' lives in $FALLBACK_DIR (symlinked from $LINK_PATH)"
        printf '%s\n' "$FALLBACK_DIR" >"$TMP_RESULT"
    else
        mkdir -p "$LINK_PATH"
        if (( IS_ROOT )); then chown postgres:postgres "$LINK_PATH"; fi
        chmod 700 "$LINK_PATH"
        log "cluster '$EA_PG_NAME' lives in $LINK_PATH"
        printf '%s\n' "$LINK_PATH" >"$TMP_RESULT"
    fi
}

check_data_dir_usable() {
    local dir="$1" owner
    owner="$(stat -c %U "$dir")"
    [[ "$owner" == "$SERVER_USER" ]] \
        || die "data folder $dir belongs to '$owner' but the server would run as '$SERVER_USER'; run db.sh as the user that created it, or remove the folder"
    if (( IS_ROOT )) && ! runuser -u postgres -- test -x "$dir" 2>/dev/null; then
        die "the postgres user cannot reach $dir (a parent folder is closed to it); remove $LINK_PATH to let db.sh place the cluster under /var/tmp"
    fi
}

c_utf8_available() {
    locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'
}

init_cluster() {
    local dir="$1" locale=C
    if c_utf8_available; then locale=C.UTF-8; fi
    log "initialising cluster '$EA_PG_NAME' (locale $locale)"
    if ! as_server "$PG_BIN/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --locale="$locale" >"$TMP_LOG" 2>&1; then
        if [[ "$locale" != C ]]; then
            log "initdb with --locale=$locale failed; retrying with --locale=C"
            as_server find "$dir" -mindepth 1 -delete
            as_server "$PG_BIN/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --locale=C >"$TMP_LOG" 2>&1 \
                || { cat "$TMP_LOG" >&2; die "initdb failed for $dir"; }
        else
            cat "$TMP_LOG" >&2
            die "initdb failed for $dir"
        fi
    fi
}

# Running = pg_ctl sees a live postmaster AND that pid really is a postgres
# process (a pid left in a stale postmaster.pid can be reused by another one).
is_running() {
    local dir="$1" pid comm state
    [[ -n "$dir" && -f "$dir/PG_VERSION" ]] || return 1
    as_server "$PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1 || return 1
    pid="$(as_server head -n1 "$dir/postmaster.pid" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    comm="$(cat "/proc/$pid/comm" 2>/dev/null || true)"
    [[ "$comm" == postgres || "$comm" == postmaster ]] || return 1
    # A killed postmaster can linger as a zombie until its parent reaps it
    # (containers whose init reaps lazily); kill -0 still succeeds on it.
    state="$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$pid/status" 2>/dev/null || true)"
    [[ -n "$state" && "$state" != Z && "$state" != X ]] || return 1
    RUNNING_PORT="$(as_server sed -n 4p "$dir/postmaster.pid" 2>/dev/null || true)"
    [[ -n "$RUNNING_PORT" ]] || RUNNING_PORT="$EA_PG_PORT"
}

clear_stale_pid() {
    local dir="$1"
    if as_server test -e "$dir/postmaster.pid"; then
        log "removing stale postmaster.pid left by a server that is no longer running"
        as_server rm -f "$dir/postmaster.pid"
        as_server rm -f "$SOCK_DIR/.s.PGSQL.$EA_PG_PORT" "$SOCK_DIR/.s.PGSQL.$EA_PG_PORT.lock" 2>/dev/null || true
    fi
}

prepare_sock_dir() {
    if [[ -e "$SOCK_DIR" && ! -d "$SOCK_DIR" ]]; then
        die "$SOCK_DIR exists and is not a folder"
    fi
    if [[ ! -d "$SOCK_DIR" ]]; then
        mkdir -p "$SOCK_DIR"
        if (( IS_ROOT )); then chown postgres:postgres "$SOCK_DIR"; fi
    fi
    local owner
    owner="$(stat -c %U "$SOCK_DIR")"
    if [[ "$owner" != "$SERVER_USER" ]]; then
        if (( IS_ROOT )); then
            chown postgres:postgres "$SOCK_DIR"
        else
            die "socket folder $SOCK_DIR belongs to '$owner'; choose another EA_PG_PORT or remove it"
        fi
    fi
    as_server chmod 700 "$SOCK_DIR"
}

ensure_database() {
    local exists
    exists="$(printf '%s\n' "SELECT 1 FROM pg_database WHERE datname = :'db';" \
        | client_psql -d postgres -qtA -v ON_ERROR_STOP=1 -v db="$EA_DB_NAME")" \
        || die "cannot connect to 127.0.0.1:$EA_PG_PORT to check database '$EA_DB_NAME'"
    if [[ "$exists" != 1 ]]; then
        printf '%s\n' 'CREATE DATABASE :"db";' \
            | client_psql -d postgres -q -v ON_ERROR_STOP=1 -v db="$EA_DB_NAME" \
            || die "could not create database '$EA_DB_NAME'"
        log "created database '$EA_DB_NAME'"
    fi
}

cmd_start() {
    ensure_binaries
    ensure_server_user
    local dir
    dir="$(existing_data_dir)"
    if [[ -n "$dir" ]] && is_running "$dir"; then
        if [[ "$RUNNING_PORT" != "$EA_PG_PORT" ]]; then
            die "cluster '$EA_PG_NAME' is already running on port $RUNNING_PORT, not $EA_PG_PORT; stop it first: EA_PG_NAME=$EA_PG_NAME scripts/db.sh stop"
        fi
        log "already running on 127.0.0.1:$EA_PG_PORT (cluster '$EA_PG_NAME', data $dir)"
        ensure_database
        return 0
    fi

    if [[ -z "$dir" ]]; then
        prepare_new_data_dir
        dir="$(cat "$TMP_RESULT")"
    elif (( IS_ROOT )) && [[ "$dir" == "$FALLBACK_DIR" && ! -e "$LINK_PATH" ]]; then
        mkdir -p "$DATA_ROOT"
        ln -s "$FALLBACK_DIR" "$LINK_PATH"
        log "cluster '$EA_PG_NAME' lives in $FALLBACK_DIR (symlinked from $LINK_PATH)"
    fi
    [[ -d "$dir" ]] || die "$LINK_PATH points to $dir, which does not exist; remove the link and run start again"
    check_data_dir_usable "$dir"

    if ! as_server test -f "$dir/PG_VERSION"; then
        if [[ -n "$(as_server find "$dir" -mindepth 1 -maxdepth 1 -print -quit)" ]]; then
            die "$dir is not empty but holds no PostgreSQL cluster; remove it and run start again"
        fi
        init_cluster "$dir"
    fi

    clear_stale_pid "$dir"
    prepare_sock_dir

    local opts="-p $EA_PG_PORT -c listen_addresses=127.0.0.1 -k $SOCK_DIR -c max_connections=200"
    if [[ "$EA_PG_FAST" == 1 ]]; then
        opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    fi
    log "starting cluster '$EA_PG_NAME' on 127.0.0.1:$EA_PG_PORT"
    if ! as_server "$PG_BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 30 start -o "$opts" >"$TMP_LOG" 2>&1; then
        cat "$TMP_LOG" >&2
        printf -- '--- last lines of %s ---\n' "$dir/server.log" >&2
        as_server tail -n 20 "$dir/server.log" >&2 2>/dev/null || true
        die "could not start the cluster (is port $EA_PG_PORT already in use?)"
    fi
    ensure_database
    log "running on 127.0.0.1:$EA_PG_PORT, database '$EA_DB_NAME': $(conn_string)"
}

cmd_stop() {
    local dir
    dir="$(existing_data_dir)"
    if [[ -z "$dir" ]]; then
        log "cluster '$EA_PG_NAME' does not exist; nothing to stop"
        return 0
    fi
    if ! is_running "$dir"; then
        log "cluster '$EA_PG_NAME' is not running"
        return 0
    fi
    as_server "$PG_BIN/pg_ctl" -D "$dir" -m fast -w -t 60 stop >"$TMP_LOG" 2>&1 \
        || { cat "$TMP_LOG" >&2; die "pg_ctl stop failed for $dir"; }
    log "stopped cluster '$EA_PG_NAME' (port $RUNNING_PORT)"
}

cmd_status() {
    local dir
    dir="$(existing_data_dir)"
    if [[ -z "$dir" ]]; then
        echo "cluster '$EA_PG_NAME': not created (run scripts/db.sh start)"
        return 3
    fi
    if is_running "$dir"; then
        echo "cluster '$EA_PG_NAME': running on 127.0.0.1:$RUNNING_PORT (data $dir)"
        return 0
    fi
    echo "cluster '$EA_PG_NAME': not running (data $dir, port $EA_PG_PORT)"
    return 3
}

cmd_psql() {
    ensure_binaries
    local dir
    dir="$(existing_data_dir)"
    if [[ -z "$dir" ]] || ! is_running "$dir"; then
        die "cluster '$EA_PG_NAME' is not running on 127.0.0.1:$EA_PG_PORT; run scripts/db.sh start first"
    fi
    [[ "$RUNNING_PORT" == "$EA_PG_PORT" ]] \
        || die "cluster '$EA_PG_NAME' runs on port $RUNNING_PORT, not $EA_PG_PORT; set EA_PG_PORT=$RUNNING_PORT"
    rm -f "$TMP_LOG" "$TMP_RESULT"
    exec env PGCONNECT_TIMEOUT=10 "$PG_BIN/psql" -X -h 127.0.0.1 -p "$EA_PG_PORT" -U postgres -d "$EA_DB_NAME" "$@"
}

# psql against the database named by ConnectionStrings__Default (simple
# key=value;... Npgsql strings: Host/Server, Port, Database, Username/User ID, Password).
external_psql() {
    # shellcheck source=lib/pgconn.sh
    source "$SCRIPT_DIR/lib/pgconn.sh"
    pgconn_from_npgsql "$ConnectionStrings__Default"
    exec "$(pg_tool psql)" -X "$@"
}

cmd="${1:-}"
[[ $# -gt 0 ]] && shift

if [[ -n "${ConnectionStrings__Default:-}" ]]; then
    case "$cmd" in
        start)  echo "ConnectionStrings__Default is set: using that database, not starting a private cluster"; exit 0 ;;
        stop)   echo "ConnectionStrings__Default is set: no private cluster was started, nothing to stop"; exit 0 ;;
        status) echo "ConnectionStrings__Default is set: using that database, no private cluster"; exit 0 ;;
        url)    printf '%s\n' "$ConnectionStrings__Default"; exit 0 ;;
        psql)   external_psql "$@" ;;
    esac
fi

TMP_LOG="$(mktemp)"
TMP_RESULT="$(mktemp)"
trap 'rm -f "$TMP_LOG" "$TMP_RESULT"' EXIT

case "$cmd" in
    start)  cmd_start ;;
    stop)   cmd_stop ;;
    status) cmd_status ;;
    psql)   cmd_psql "$@" ;;
    url)    conn_string ;;
    -h|--help|help) usage ;;
    *)      usage >&2; exit 2 ;;
esac
