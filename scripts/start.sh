#!/usr/bin/env bash
# Runs coatcheck's main job on a fresh machine: installs the pinned pnpm and the dependencies,
# builds what the example app needs, and serves it on the in-memory adapter (URL printed).
# Set REDIS_URL, REDIS_CLUSTER_NODES or UPSTASH_REDIS_REST_URL + _TOKEN to use Redis instead.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
bash scripts/ensure-tools.sh
exec pnpm --silent --filter @coatcheck/example-web start
