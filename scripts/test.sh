#!/usr/bin/env bash
# Every test, on a fresh machine: installs what is missing (npm packages; Postgres, Redis, the
# Docker engine and Chromium with apt when root on Debian), starts them, then runs lint,
# format check, typecheck, unit, integration and e2e tests. `npm test` and .ci/run call this.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
step() { echo; echo "=== $* ==="; }
REPORTS=.cache/reports
mkdir -p "$REPORTS"; rm -f "$REPORTS"/*.json

step "dependencies"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ] || [ "${CI:-}" = "true" ]; then
  # The lock file carries every platform's optional packages, so a clean install is exact.
  npm ci --no-audit --no-fund
fi
bash scripts/generate.sh

step "services (Postgres, Redis, Docker engine, Chromium)"
bash scripts/services.sh start all
eval "$(bash scripts/services.sh env)"
bash scripts/test-images.sh

step "lint"
npx eslint . --max-warnings 0
step "format"
npx prettier --check . --log-level warn
step "typecheck"
npx tsc --noEmit

step "unit tests"
npx vitest run --project unit --reporter=default --reporter=json --outputFile.json="$REPORTS/unit.json"
step "integration tests (real Postgres, Redis, Docker engine)"
npx vitest run --project integration --reporter=default --reporter=json --outputFile.json="$REPORTS/integration.json"

step "build"
npx next build
step "e2e tests (Chromium)"
npx playwright test

node scripts/test-summary.mjs "$REPORTS"
