#!/usr/bin/env bash
# Installs what the project needs from Debian's packages, when it is missing.
#   scripts/prerequisites.sh run    PostgreSQL 15 server, Node.js + npm
#   scripts/prerequisites.sh test   the above + Chromium, CJK fonts, docker-compose (for the compose check),
#                                   nginx-light (the two-node test) and wrk (scripts/bench-http.sh)
set -euo pipefail
what=${1:-run}

missing=()
command -v dotnet >/dev/null || { echo "prerequisites: the .NET 10 SDK is required (dotnet not found)" >&2; exit 1; }
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql-15)
command -v npm >/dev/null || missing+=(nodejs npm)
if [ "$what" = "test" ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  # Without CJK fonts the screenshots show boxes instead of Chinese.
  fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-noto-cjk)
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  # The two-node test puts nginx in front of two web nodes; the HTTP benchmark drives pages with wrk.
  [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
  command -v wrk >/dev/null || missing+=(wrk)
fi

[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "prerequisites: missing ${missing[*]}; install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "== Installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
