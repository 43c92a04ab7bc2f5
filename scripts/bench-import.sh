#!/usr/bin/env bash
# Import benchmark (docs/performance.md, "Import"): a generated enterprise roster .xlsx of --rows rows (100,000 by
# default) is validated and committed into a fresh database, then committed again; prints the seconds of each step
# and the peak working set of the process.
#
# Usage: scripts/bench-import.sh [--rows 100000]
#
# Uses the private cluster named by EA_PG_NAME / EA_PG_PORT (default "bench" on 127.0.0.1:55440, as scripts/bench.sh)
# and a database of its own, bench_import, dropped and created on each run.
set -euo pipefail
ROWS=100000
while (( $# )); do
    case "$1" in
        --rows) ROWS="$2"; shift 2 ;;
        -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench-import.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$REPO_ROOT"
export EA_PG_NAME="${EA_PG_NAME:-bench}" EA_PG_PORT="${EA_PG_PORT:-55440}" EA_PG_FAST=1 EA_DB_NAME=postgres
scripts/db.sh start >/dev/null
PSQL=(/usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p "$EA_PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt)
"${PSQL[@]}" -c "DROP DATABASE IF EXISTS bench_import" -c "CREATE DATABASE bench_import"
dotnet build benchmarks/EnterpriseAid.Benchmarks -c Release -nologo -v q >/dev/null
ConnectionStrings__Default="Host=127.0.0.1;Port=$EA_PG_PORT;Database=bench_import;Username=postgres;Command Timeout=0" \
    dotnet benchmarks/EnterpriseAid.Benchmarks/bin/Release/net10.0/EnterpriseAid.Benchmarks.dll import --rows "$ROWS"
