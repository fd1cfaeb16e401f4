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
  # npm ci refuses a lock file without other platforms' optional packages (the registry mirror
  # here resolves only Linux builds); npm install accepts it and still honours the pinned versions.
  npm ci --no-audit --no-fund || npm install --no-audit --no-fund
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
