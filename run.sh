#!/usr/bin/env bash
# Runs the portal for a person to use: restores packages, starts the private PostgreSQL,
# migrates, seeds the demo district (only into an empty database) and serves on 127.0.0.1.
#   ./run.sh [--port N]        (default 5080, or EA_PORT)
#   ./run.sh --generate province|city
#                              fill the same database with generated data instead of serving (it must hold no
#                              enterprises yet); prints the accounts to sign in with, then exits
# With ConnectionStrings__Default set, that database is used and nothing is started.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)

PORT=${EA_PORT:-5080}
GENERATE=
while [ $# -gt 0 ]; do
  case "$1" in
    --port) PORT=${2:?--port needs a number}; shift 2 ;;
    --port=*) PORT=${1#--port=}; shift ;;
    --generate) GENERATE=${2:-}; shift; [ $# -gt 0 ] && shift
      case "$GENERATE" in province|city) ;; *) echo "run.sh: --generate needs a size: province or city" >&2; exit 2 ;; esac ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

scripts/prerequisites.sh run

echo "== Restoring and building"
LOCKED=(); [ "${CI:-}" = "true" ] && LOCKED=(--locked-mode)
dotnet restore EnterpriseAid.sln "${LOCKED[@]}" --verbosity quiet
dotnet build src/EnterpriseAid.Web/EnterpriseAid.Web.csproj -c Release --no-restore --verbosity quiet -nologo

if [ -z "${ConnectionStrings__Default:-}" ]; then
  scripts/db.sh start
  ConnectionStrings__Default=$(scripts/db.sh url)
  export ConnectionStrings__Default
fi

if [ -n "$GENERATE" ]; then
  echo "== Generating a $GENERATE into $(printf '%s' "$ConnectionStrings__Default" | sed 's/;Password=[^;]*//')"
  dotnet build benchmarks/EnterpriseAid.Benchmarks/EnterpriseAid.Benchmarks.csproj -c Release --no-restore --verbosity quiet -nologo
  exec dotnet benchmarks/EnterpriseAid.Benchmarks/bin/Release/net10.0/EnterpriseAid.Benchmarks.dll generate --size "$GENERATE"
fi

export Seed__DemoDistrict=true
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Production}
echo
echo "== 助企服务平台 EnterpriseAid: http://127.0.0.1:${PORT}  (Ctrl+C to stop)"
echo
cd "$ROOT/src/EnterpriseAid.Web"
exec dotnet bin/Release/net10.0/EnterpriseAid.Web.dll --urls "http://127.0.0.1:${PORT}"
