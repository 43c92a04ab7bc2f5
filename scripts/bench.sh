#!/usr/bin/env bash
# Province-scale benchmark of the dashboard and list-page queries (docs/performance.md).
#
# Usage: scripts/bench.sh [--scale 1] [--iterations 20] [--keep] [--only name-part] [--set all|dashboard|list] [--no-report]
#
#   --scale N       data volume: 1 = a province (500k enterprises, 100k officials, 2M visits, 1M problems,
#                   200k subsidy applications, 20k projects); 0.1 = a city; 0.01 for a quick run
#   --iterations N  timed calls per query after 3 warm-up calls (fewer for queries of seconds)   [20]
#   --keep          reuse the generated database if it exists (skip generation)
#   --only TEXT     time only the queries whose name contains TEXT (no table is written)
#   --set NAME      the dashboard queries, the list pages' queries, or both                      [all]
#   --no-report     print only; do not rewrite the tables in docs/performance.md
#
# Runs its own PostgreSQL cluster "bench" on 127.0.0.1:55440 (scripts/db.sh; never the dev or test
# cluster; EA_BENCH_PG_NAME / EA_BENCH_PG_PORT choose another), with the memory settings listed in
# docs/performance.md, builds the benchmark in Release, generates the data into database bench_<scale> (EA_BENCH_DB names another),
# then times every query and writes the tables (machine, load, settings, data sizes, p50/p95) between
# the bench:dashboard / bench:list markers of docs/performance.md. Plans of the queries over the
# 50 ms target go to artifacts/bench/plans/.
set -euo pipefail

SCALE=1
ITERATIONS=20
KEEP=0
ONLY=()
SET=all
REPORT=(--report docs/performance.md)
while (( $# )); do
    case "$1" in
        --scale) SCALE="$2"; shift 2 ;;
        --iterations) ITERATIONS="$2"; shift 2 ;;
        --keep) KEEP=1; shift ;;
        --only) ONLY=(--only "$2"); shift 2 ;;
        --set) SET="$2"; shift 2 ;;
        --no-report) REPORT=(); shift ;;
        -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$REPO_ROOT"
export EA_PG_NAME="${EA_BENCH_PG_NAME:-bench}" EA_PG_PORT="${EA_BENCH_PG_PORT:-55440}" EA_PG_FAST=1 EA_DB_NAME=postgres
unset ConnectionStrings__Default
PSQL=(/usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p "$EA_PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt)

scripts/db.sh start >/dev/null
# Settings for a dedicated database server of this machine's size (docs/performance.md); a restart applies them.
source scripts/lib/server-settings.sh
apply_server_settings shared_buffers 2GB \
    "shared_buffers=2GB effective_cache_size=8GB work_mem=32MB maintenance_work_mem=1GB max_wal_size=8GB random_page_cost=1.1 jit=off"

DB="${EA_BENCH_DB:-bench_${SCALE//./_}}"
export ConnectionStrings__Default="Host=127.0.0.1;Port=$EA_PG_PORT;Database=$DB;Username=postgres"
dotnet build benchmarks/EnterpriseAid.Benchmarks -c Release -nologo -v q
BENCH=(dotnet benchmarks/EnterpriseAid.Benchmarks/bin/Release/net10.0/EnterpriseAid.Benchmarks.dll)

exists="$("${PSQL[@]}" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")"
if [[ $KEEP == 0 || -z "$exists" ]]; then
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
    "${BENCH[@]}" generate --scale "$SCALE"
fi
"${PSQL[@]}" -d "$DB" -c "SELECT 'volumes: ' || (SELECT count(*) FROM enterprises) || ' enterprises, ' || (SELECT count(*) FROM visits)
    || ' visits, ' || (SELECT count(*) FROM problems) || ' problems; database ' || pg_size_pretty(pg_database_size('$DB'))"
"${BENCH[@]}" run --iterations "$ITERATIONS" --plans artifacts/bench/plans --set "$SET" "${ONLY[@]}" "${REPORT[@]}"
