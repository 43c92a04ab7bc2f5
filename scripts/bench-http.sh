#!/usr/bin/env bash
# HTTP throughput of two pages against their ceilings, and the app's memory (docs/performance.md, ADR-025).
#
# Usage: scripts/bench-http.sh [--duration 20s] [--connections 64] [--threads 2] [--scale 1] [--regenerate] [--no-write]
#
#   --duration D      each timed wrk run (after a 5 s warm-up of the same URL)           [20s]
#   --connections N   wrk connections                                                    [64]
#   --threads N       wrk threads                                                        [2]
#   --scale N         generated data volume when the database is made (1 = a province)   [1]
#   --regenerate      drop and generate the database again
#   --no-write        print the table only; leave docs/performance.md alone
#
# Runs its own PostgreSQL cluster "benchhttp" on 127.0.0.1:55442 (never the dev, test or bench cluster),
# generates the province there once (benchmarks/EnterpriseAid.Benchmarks), adds the two accounts the pages
# need (benchmarks/http/http-data.sql), builds the portal in Release and starts it in
# the Production environment with Benchmark:CeilingEndpoints=true on 127.0.0.1:5190 (background jobs off, so
# they do not run inside the timed window). It signs in by posting the login form (a district supervisor for
# /problems, an enterprise user for /portal/subsidies), runs wrk against each page and its ceiling with
# benchmarks/http/report.lua (non-2xx counts as an error), reads the app's VmRSS afterwards and writes the
# results between <!-- bench:http:begin --> and <!-- bench:http:end --> in docs/performance.md.
set -euo pipefail

DURATION=20s CONNECTIONS=64 THREADS=2 SCALE=1 REGENERATE=0 WRITE=1
while (( $# )); do
    case "$1" in
        --duration) DURATION="$2"; shift 2 ;;
        --connections) CONNECTIONS="$2"; shift 2 ;;
        --threads) THREADS="$2"; shift 2 ;;
        --scale) SCALE="$2"; shift 2 ;;
        --regenerate) REGENERATE=1; shift ;;
        --no-write) WRITE=0; shift ;;
        -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench-http.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$REPO_ROOT"
command -v wrk >/dev/null || { echo "bench-http.sh: wrk is missing (scripts/prerequisites.sh test installs it)" >&2; exit 1; }
export EA_PG_NAME=benchhttp EA_PG_PORT=55442 EA_PG_FAST=1 EA_DB_NAME=postgres
unset ConnectionStrings__Default
PSQL=(/usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p "$EA_PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt)
PORT=5190
BASE="http://127.0.0.1:$PORT"
PASSWORD='Bench@2026http'
WORK="$REPO_ROOT/artifacts/bench-http"
mkdir -p "$WORK"

scripts/db.sh start >/dev/null
# A database server sized for this machine; a restart applies it (max_connections: two Npgsql pools of 100 and psql).
source scripts/lib/server-settings.sh
apply_server_settings max_connections 250 \
    "shared_buffers=1GB effective_cache_size=4GB work_mem=32MB maintenance_work_mem=512MB max_wal_size=8GB random_page_cost=1.1 jit=off max_connections=250"

echo "== Building (Release)"
dotnet build src/EnterpriseAid.Web -c Release -nologo -v q
dotnet build benchmarks/EnterpriseAid.Benchmarks -c Release -nologo -v q
BENCH=(dotnet benchmarks/EnterpriseAid.Benchmarks/bin/Release/net10.0/EnterpriseAid.Benchmarks.dll)

DB="bench_http"
export ConnectionStrings__Default="Host=127.0.0.1;Port=$EA_PG_PORT;Database=$DB;Username=postgres"
exists="$("${PSQL[@]}" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")"
if [[ $REGENERATE == 1 || -z "$exists" ]]; then
    echo "== Generating the province (scale $SCALE)"
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
    "${BENCH[@]}" generate --scale "$SCALE"
    # The generator analyses but does not vacuum: until a vacuum sets the visibility map, index-only scans read the heap.
    "${PSQL[@]}" -d "$DB" -c "VACUUM"
fi
echo "== Accounts (benchmarks/http/http-data.sql)"
HASH="$("${BENCH[@]}" password-hash "$PASSWORD")"
ACCOUNTS="$("${PSQL[@]}" -d "$DB" -v hash="$HASH" -f benchmarks/http/http-data.sql)"
SUPERVISOR="$(sed -n 's/^supervisor=//p' <<<"$ACCOUNTS")"
FIRM="$(sed -n 's/^enterprise=//p' <<<"$ACCOUNTS")"
VOLUMES="$("${PSQL[@]}" -d "$DB" -c "SELECT to_char((SELECT count(*) FROM enterprises), 'FM999,999,999') || ' enterprises, '
    || to_char((SELECT count(*) FROM problems), 'FM999,999,999') || ' problems, '
    || to_char((SELECT count(*) FROM subsidy_applications), 'FM999,999,999') || ' subsidy applications; the supervisor''s district holds '
    || to_char((SELECT count(*) FROM problems p, users u JOIN org_units o ON o.id = u.org_unit_id
                WHERE u.user_name = '$SUPERVISOR' AND p.region_path LIKE o.path || '%'), 'FM999,999,999') || ' problems, the enterprise '
    || (SELECT count(*) FROM subsidy_applications a JOIN users u ON u.enterprise_id = a.enterprise_id WHERE u.user_name = '$FIRM')
    || ' applications'")"
echo "   $VOLUMES"

echo "== Starting the portal on $BASE (Production, ceilings on)"
LOG="$WORK/app.log"
( cd src/EnterpriseAid.Web && ASPNETCORE_ENVIRONMENT=Production Benchmark__CeilingEndpoints=true \
    Escalation__Enabled=false Dashboard__Snapshots__Enabled=false Serilog__MinimumLevel__Default=Warning \
    exec dotnet bin/Release/net10.0/EnterpriseAid.Web.dll --urls "$BASE" ) >"$LOG" 2>&1 &
APP=$!
trap 'kill "$APP" 2>/dev/null || true; wait "$APP" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
    curl -fs "$BASE/health" >/dev/null 2>&1 && break
    kill -0 "$APP" 2>/dev/null || { echo "bench-http.sh: the portal stopped; see $LOG" >&2; exit 1; }
    sleep 1
done
curl -fs "$BASE/health" >/dev/null || { echo "bench-http.sh: the portal did not answer /health; see $LOG" >&2; exit 1; }

# Signs in by posting the login form as a browser does; prints the Cookie header value (the auth cookie is
# Secure outside Development, so it is read from the jar rather than sent back by curl over plain HTTP).
sign_in() {
    local jar="$WORK/cookies-$1.txt" token
    rm -f "$jar"
    token="$(curl -fs -c "$jar" "$BASE/account/login" | sed -n 's/.*name="__RequestVerificationToken" value="\([^"]*\)".*/\1/p' | head -1)"
    [[ -n "$token" ]] || { echo "bench-http.sh: no form token on the login page" >&2; return 1; }
    local status
    status="$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" --data-urlencode "_handler=login" \
        --data-urlencode "__RequestVerificationToken=$token" --data-urlencode "Input.UserName=$1" \
        --data-urlencode "Input.Password=$PASSWORD" "$BASE/account/login")"
    [[ "$status" == 302 ]] || { echo "bench-http.sh: signing in as $1 answered $status" >&2; return 1; }
    awk 'BEGIN { FS = "\t" } !/^# / && NF >= 7 { sub(/^#HttpOnly_/, "", $1); printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$jar"
}
COOKIE_SUPERVISOR="$(sign_in "$SUPERVISOR")"
COOKIE_FIRM="$(sign_in "$FIRM")"

# One wrk run: prints "rps p50 p95 p99 errors".
run_wrk() {
    local cookie=$1 path=$2 out
    EA_BENCH_COOKIE="$cookie" wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s benchmarks/http/report.lua "$BASE$path" >/dev/null
    out="$(EA_BENCH_COOKIE="$cookie" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s benchmarks/http/report.lua "$BASE$path")"
    echo "$out" >"$WORK/wrk-${path//\//_}.txt"
    sed -n 's/^RESULT rps=\([^ ]*\) p50=\([^ ]*\) p95=\([^ ]*\) p99=\([^ ]*\) requests=[^ ]* errors=\([^ ]*\)$/\1 \2 \3 \4 \5/p' <<<"$out"
}

for who in SUPERVISOR FIRM; do
    cookie_var="COOKIE_$who"
    page=$([[ $who == SUPERVISOR ]] && echo /problems || echo /portal/subsidies)
    status="$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: ${!cookie_var}" "$BASE$page")"
    [[ "$status" == 200 ]] || { echo "bench-http.sh: $page answered $status when signed in" >&2; exit 1; }
done

declare -A R
for spec in "SUPERVISOR /problems /bench/ceiling/problems" "FIRM /portal/subsidies /bench/ceiling/portal-subsidies"; do
    read -r who page ceiling <<<"$spec"
    cookie_var="COOKIE_$who"
    echo "== $page"
    # The ceiling first: a page run that overloads the server leaves abandoned requests behind, which would be
    # charged to whatever runs next; each run is followed by a pause until the server is idle again.
    R[$ceiling]="$(run_wrk "${!cookie_var}" "$ceiling")"; echo "   ceiling: ${R[$ceiling]}  (req/s p50 p95 p99 errors)"
    sleep 5
    R[$page]="$(run_wrk "${!cookie_var}" "$page")"; echo "   page:    ${R[$page]}"
    sleep 5
done

RSS_KB="$(awk '/^VmRSS/ { print $2 }' "/proc/$APP/status")"
HWM_KB="$(awk '/^VmHWM/ { print $2 }' "/proc/$APP/status")"
LOAD="$(cut -d' ' -f1-3 /proc/loadavg)"
CPU="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
CORES="$(nproc)"
RAM="$(awk '/^MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)"
NOW="$(date -u '+%Y-%m-%d %H:%M UTC')"

row() {
    local page=$1 ceiling=$2 p c
    read -r -a p <<<"${R[$page]}"; read -r -a c <<<"${R[$ceiling]}"
    local ratio; ratio="$(awk -v a="${p[0]}" -v b="${c[0]}" 'BEGIN { printf "%.0f%%", (b > 0 ? 100 * a / b : 0) }')"
    local verdict; verdict="$(awk -v a="${p[0]}" -v b="${c[0]}" -v p95="${p[2]}" -v e="${p[4]}" \
        'BEGIN { print ((b > 0 && a / b >= 0.5 && p95 <= 100 && e == 0) ? "met" : "missed") }')"
    printf '| `%s` | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$page" "${p[0]}" "${c[0]}" "$ratio" "${p[2]}" "${c[2]}" "${p[3]}" "${p[4]}" "$verdict"
}
MEM_VERDICT=$([[ $RSS_KB -le 512000 ]] && echo met || echo missed)
TABLE="$(cat <<MD
Measured $NOW by \`scripts/bench-http.sh\` (wrk -t$THREADS -c$CONNECTIONS -d$DURATION after a 5 s warm-up, loopback, signed in;
Release, Production environment, background jobs off). Machine: $CPU, $CORES cores, $RAM RAM, load average $LOAD at the end
(the machine is shared: the load includes other work). Data: $VOLUMES.

| page | req/s | ceiling req/s | ratio | p95 ms | ceiling p95 ms | p99 ms | errors | target (≥ 50 %, p95 ≤ 100 ms, 0 errors) |
|---|---:|---:|---:|---:|---:|---:|---:|---|
$(row /problems /bench/ceiling/problems)
$(row /portal/subsidies /bench/ceiling/portal-subsidies)

Memory: working set (VmRSS) after the runs **$((RSS_KB / 1024)) MB** (peak VmHWM $((HWM_KB / 1024)) MB); target ≤ 500 MB: $MEM_VERDICT.
MD
)"
echo
echo "$TABLE"
if [[ $WRITE == 1 ]]; then
    python3 - "$TABLE" <<'PY'
import sys, re
path = "docs/performance.md"
text = open(path, encoding="utf-8").read()
block = "<!-- bench:http:begin -->\n" + sys.argv[1] + "\n<!-- bench:http:end -->"
if "<!-- bench:http:begin -->" in text:
    text = re.sub(r"<!-- bench:http:begin -->.*?<!-- bench:http:end -->", lambda _: block, text, flags=re.S)
else:
    text = text.rstrip("\n") + "\n\n" + block + "\n"
open(path, "w", encoding="utf-8").write(text)
PY
    echo "(written to docs/performance.md)"
fi
