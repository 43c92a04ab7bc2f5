# Sourced by the benchmark scripts: applies PostgreSQL server settings to the private cluster of EA_PG_NAME/EA_PG_PORT
# (scripts/db.sh) and restarts it, unless the marker setting already has its value.
#   apply_server_settings <marker setting> <marker value> "name=value name=value …"
# Needs PSQL (an array: psql with host, port, user and -qAt) and the working directory at the repository root.
apply_server_settings() {
    local marker=$1 value=$2 kv
    if [[ "$("${PSQL[@]}" -d postgres -c "SHOW $marker")" != "$value" ]]; then
        for kv in $3; do "${PSQL[@]}" -d postgres -c "ALTER SYSTEM SET ${kv%%=*} = '${kv#*=}'"; done
        scripts/db.sh stop >/dev/null
        scripts/db.sh start >/dev/null
    fi
}
