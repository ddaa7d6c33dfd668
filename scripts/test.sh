#!/usr/bin/env bash
# The whole check, as CI runs it: lint, build, typecheck, package checks, API docs and every
# test against real redis-server processes and headless Chromium. Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1

bash scripts/ensure-tools.sh --services || exit 1

status=0
step() {
  echo "::: $*"
  "$@" || status=1
}
find packages examples bench -name .vitest-results.json -not -path '*/node_modules/*' -delete 2>/dev/null
step pnpm exec biome check .
step pnpm exec turbo run build typecheck check-package --output-logs=errors-only
step pnpm run docs
# One test task at a time: the suites start real servers and run race trials on 2 cores.
step pnpm exec turbo run test --concurrency=1 --output-logs=full
node scripts/summarize-tests.mjs || status=1
exit $status
