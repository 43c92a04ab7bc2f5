# Sourced by scripts/backup and scripts/restore: turns the portal's Npgsql connection string into
# libpq environment variables (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD) and picks the
# PostgreSQL 15 client programs.
#   The connection is ConnectionStrings__Default when set, otherwise the private dev cluster that
#   ./run.sh uses (scripts/db.sh url; it must be running).

PG_BIN_DIR=/usr/lib/postgresql/15/bin
pg_tool() { if [[ -x "$PG_BIN_DIR/$1" ]]; then printf '%s\n' "$PG_BIN_DIR/$1"; else command -v "$1"; fi; }

# Sets the PG* variables from an Npgsql "Key=Value;..." string.
pgconn_from_npgsql() {
    local part key value IFS=';'
    for part in $1; do
        [[ "$part" == *=* ]] || continue
        key="$(printf '%s' "${part%%=*}" | tr -d ' ' | tr '[:upper:]' '[:lower:]')"
        value="${part#*=}"
        value="${value#"${value%%[![:space:]]*}"}"
        value="${value%"${value##*[![:space:]]}"}"
        case "$key" in
            host|server) export PGHOST="$value" ;;
            port) export PGPORT="$value" ;;
            database|db) export PGDATABASE="$value" ;;
            username|userid|user|uid) export PGUSER="$value" ;;
            password|pwd) export PGPASSWORD="$value" ;;
        esac
    done
}

pgconn_portal() {
    local cs="${ConnectionStrings__Default:-}"
    if [[ -z "$cs" ]]; then
        cs="$("$(dirname "${BASH_SOURCE[0]}")/../db.sh" url)"
    fi
    pgconn_from_npgsql "$cs"
    export PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-10}"
    [[ -n "${PGDATABASE:-}" ]] || { echo "no database named in the connection string" >&2; return 1; }
}
