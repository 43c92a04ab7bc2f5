#!/usr/bin/env bash
# Builds and runs every test: unit, integration (real PostgreSQL) and browser (Playwright + Chromium),
# then validates docker-compose.yml. Exits non-zero on any failure.
# The tests get their own private PostgreSQL cluster ("test", 127.0.0.1:55433, fsync off), so this
# can run beside ./run.sh. EA_TEST_PG=<admin connection string> uses another server instead.
set -uo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
started=$(date +%s)

scripts/prerequisites.sh test || exit 1

echo "== Restoring and building"
LOCKED=(); [ "${CI:-}" = "true" ] && LOCKED=(--locked-mode)
dotnet restore EnterpriseAid.sln "${LOCKED[@]}" --verbosity quiet || exit 1
dotnet build EnterpriseAid.sln -c Release --no-restore --verbosity quiet -nologo || exit 1

if [ -z "${EA_TEST_PG:-}" ]; then
  export EA_PG_NAME=test EA_PG_PORT=${EA_TEST_PG_PORT:-55433} EA_PG_FAST=1 EA_DB_NAME=postgres
  # Another checkout's test cluster may hold the port: take the next free one.
  if ! (unset ConnectionStrings__Default; scripts/db.sh status >/dev/null 2>&1); then
    while (exec 3<>"/dev/tcp/127.0.0.1/${EA_PG_PORT}") 2>/dev/null; do EA_PG_PORT=$((EA_PG_PORT + 1)); done
  fi
  # The tests create and drop their own databases; an outside connection string is not theirs to use.
  (unset ConnectionStrings__Default; scripts/db.sh start) || exit 1
  trap '(unset ConnectionStrings__Default; scripts/db.sh stop >/dev/null)' EXIT
  export EA_TEST_PG="Host=127.0.0.1;Port=${EA_PG_PORT};Database=postgres;Username=postgres"
fi
mkdir -p artifacts/screenshots artifacts/test-results

passed=0; failed=0; skipped=0; status=0
run_suite() {
  local name=$1 log="artifacts/test-results/$1.log"
  echo "== $name"
  dotnet test "tests/EnterpriseAid.$name" -c Release --no-build --nologo \
    --logger "console;verbosity=normal" --results-directory artifacts/test-results 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  # dotnet test closes with "Total tests: N" followed by "Passed: N", "Failed: N", "Skipped: N" lines.
  local summary; summary=$(sed -n '/^Total tests:/,$p' "$log")
  local p f s
  p=$(sed -nE 's/^ *Passed: *([0-9]+).*/\1/p' <<<"$summary" | tail -1)
  f=$(sed -nE 's/^ *Failed: *([0-9]+).*/\1/p' <<<"$summary" | tail -1)
  s=$(sed -nE 's/^ *Skipped: *([0-9]+).*/\1/p' <<<"$summary" | tail -1)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
  if [ "$rc" -ne 0 ] || [ -z "$summary" ]; then status=1; echo "!! $name failed (exit $rc)"; fi
  if [ "${p:-0}" -eq 0 ]; then status=1; echo "!! $name ran no test"; fi
}
run_suite UnitTests
run_suite IntegrationTests
run_suite BrowserTests

# 200 signed-in users for 60 s against the portal in Release on a cluster of its own (scripts/load.sh);
# CI sets EA_LOAD=1. Any error, lost or duplicated write fails the run.
if [ "${EA_LOAD:-0}" = "1" ]; then
  echo "== Load"
  load_started=$(date +%s)
  if scripts/load.sh --no-build 2>&1 | tee artifacts/test-results/Load.log; then  # pipefail: the script's status
    passed=$((passed + 1))
  else
    status=1; failed=$((failed + 1)); echo "!! load run failed (artifacts/test-results/load-figures.json)"
  fi
  echo "== Load took $(( $(date +%s) - load_started )) s"
fi

echo "== docker-compose.yml"
if scripts/validate-compose.sh; then echo "docker-compose.yml is valid"; else status=1; failed=$((failed + 1)); fi

echo "== Finished in $(( $(date +%s) - started )) s; screenshots in artifacts/screenshots/"
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
