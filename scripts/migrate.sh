#!/usr/bin/env bash
# Applies pending SQL migrations to the database and exits (no web server).
#   scripts/migrate.sh          migrate the private dev cluster (started if needed) or ConnectionStrings__Default
#   scripts/migrate.sh --seed   also load the demo district if the database is empty
# Safe to run while web nodes are starting: all of them take the same advisory lock.
set -euo pipefail
cd "$(dirname "$0")/.."

verb=migrate
[ "${1:-}" = "--seed" ] && verb=seed

if [ -z "${ConnectionStrings__Default:-}" ]; then
  scripts/db.sh start
  ConnectionStrings__Default=$(scripts/db.sh url)
  export ConnectionStrings__Default
fi
dotnet build src/EnterpriseAid.Web/EnterpriseAid.Web.csproj -c Release --verbosity quiet -nologo
cd src/EnterpriseAid.Web
exec dotnet bin/Release/net10.0/EnterpriseAid.Web.dll "$verb"
