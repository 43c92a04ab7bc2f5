#!/usr/bin/env bash
# Validate docker-compose.yml without a Docker engine.
#
# Uses Debian's docker-compose (1.29), which parses and checks the file
# (schema, variable interpolation, references) without contacting a daemon.
# Run as root, it installs docker-compose with apt when missing; otherwise a
# missing docker-compose skips the check with a message (exit 0).
#
# Usage: scripts/validate-compose.sh [compose-file]   (default: docker-compose.yml)
# Exit status: 0 valid (or skipped), 1 invalid.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
FILE="${1:-$REPO_ROOT/docker-compose.yml}"

[[ -f "$FILE" ]] || { echo "validate-compose: $FILE not found" >&2; exit 1; }

if ! command -v docker-compose >/dev/null 2>&1; then
    if [[ "$(id -u)" == 0 ]]; then
        echo "validate-compose: installing docker-compose with apt-get"
        export DEBIAN_FRONTEND=noninteractive
        if ! apt-get install -y --no-install-recommends docker-compose >/dev/null 2>&1; then
            apt-get update >/dev/null
            apt-get install -y --no-install-recommends docker-compose >/dev/null
        fi
    else
        echo "validate-compose: docker-compose is not installed and this is not root; skipping (install with: apt-get install -y --no-install-recommends docker-compose)"
        exit 0
    fi
fi

cd "$(dirname "$FILE")"
if ! docker-compose -f "$FILE" config -q; then
    echo "validate-compose: $FILE is INVALID" >&2
    exit 1
fi

# Every build section must point at an existing Dockerfile (needs python3-yaml,
# which Debian's docker-compose depends on).
if python3 -c 'import yaml' 2>/dev/null; then
    builds="$(docker-compose -f "$FILE" config | python3 -c '
import sys, yaml
cfg = yaml.safe_load(sys.stdin) or {}
for svc in (cfg.get("services") or {}).values():
    b = svc.get("build")
    if isinstance(b, str):
        b = {"context": b}
    if isinstance(b, dict):
        print(b.get("context", ".") + "\t" + b.get("dockerfile", "Dockerfile"))
')"
    status=0
    while IFS=$'\t' read -r context dockerfile; do
        [[ -n "$context" ]] || continue
        path="$dockerfile"
        [[ "$path" == /* ]] || path="$context/$path"
        if [[ ! -f "$path" ]]; then
            echo "validate-compose: build Dockerfile $path does not exist" >&2
            status=1
        fi
    done <<<"$builds"
    [[ $status == 0 ]] || { echo "validate-compose: $FILE is INVALID" >&2; exit 1; }
else
    echo "validate-compose: python3-yaml not available; Dockerfile paths not checked"
fi

echo "validate-compose: $FILE is valid"
