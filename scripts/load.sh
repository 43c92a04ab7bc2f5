#!/usr/bin/env bash
# Load run (docs/reliability.md, ADR-030): the portal in Release and Production mode on a PostgreSQL
# cluster of its own ("load"), a fresh database with the demo district, then tests/EnterpriseAid.Load
# with 200 signed-in users for 60 s on loopback. Fails on any error, lost or duplicated write.
#
#   scripts/load.sh [--no-build]
#
# Environment (defaults in brackets): EA_LOAD_USERS [200], EA_LOAD_SECONDS [60], EA_LOAD_MAX_REQUESTS
# [200000], EA_LOAD_THINK_MS [1000-3000], EA_LOAD_PG_PORT [55460], EA_LOAD_PORT [5091] (the next free
# port is taken when one is busy). Figures: artifacts/test-results/load-figures.json; the portal's
# console output: artifacts/test-results/load-portal.log.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
unset ConnectionStrings__Default

if [ "${1:-}" != "--no-build" ]; then
  dotnet build src/EnterpriseAid.Web/EnterpriseAid.Web.csproj -c Release --verbosity quiet -nologo
  dotnet build tests/EnterpriseAid.Load/EnterpriseAid.Load.csproj -c Release --verbosity quiet -nologo
fi
mkdir -p artifacts/test-results

free_port() {
  local p=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
  echo "$p"
}

export EA_PG_NAME=load EA_PG_FAST=1 EA_DB_NAME=postgres
scripts/db.sh stop >/dev/null # this checkout's own load cluster, if an interrupted run left it up
EA_PG_PORT=$(free_port "${EA_LOAD_PG_PORT:-55460}"); export EA_PG_PORT
APP_PORT=$(free_port "${EA_LOAD_PORT:-5091}")
scripts/db.sh start >/dev/null
PSQL=(/usr/lib/postgresql/15/bin/psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$EA_PG_PORT" -U postgres -d postgres)
"${PSQL[@]}" -c "DROP DATABASE IF EXISTS ea_load WITH (FORCE)" -c "CREATE DATABASE ea_load"
DB="Host=127.0.0.1;Port=$EA_PG_PORT;Database=ea_load;Username=postgres"

APP_PID=""
cleanup() {
  if [ -n "$APP_PID" ]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
  scripts/db.sh stop >/dev/null || true
}
trap cleanup EXIT

(cd src/EnterpriseAid.Web && ConnectionStrings__Default="$DB" ASPNETCORE_ENVIRONMENT=Production Seed__DemoDistrict=true \
  exec dotnet bin/Release/net10.0/EnterpriseAid.Web.dll --urls "http://127.0.0.1:$APP_PORT") \
  >"$ROOT/artifacts/test-results/load-portal.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 240); do
  if curl -fsS -o /dev/null "http://127.0.0.1:$APP_PORT/health" 2>/dev/null; then break; fi
  kill -0 "$APP_PID" 2>/dev/null || { echo "load: the portal stopped; see artifacts/test-results/load-portal.log" >&2; exit 1; }
  sleep 0.5
done
curl -fsS -o /dev/null "http://127.0.0.1:$APP_PORT/health" || { echo "load: the portal did not become healthy" >&2; exit 1; }
echo "load: portal on http://127.0.0.1:$APP_PORT, database on port $EA_PG_PORT"

dotnet tests/EnterpriseAid.Load/bin/Release/net10.0/EnterpriseAid.Load.dll --url "http://127.0.0.1:$APP_PORT" --db "$DB" \
  --users "${EA_LOAD_USERS:-200}" --seconds "${EA_LOAD_SECONDS:-60}" --max-requests "${EA_LOAD_MAX_REQUESTS:-200000}" \
  --think-ms "${EA_LOAD_THINK_MS:-1000-3000}" --out artifacts/test-results/load-figures.json
