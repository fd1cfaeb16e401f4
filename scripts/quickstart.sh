#!/usr/bin/env bash
# Quick start on a fresh machine: installs dependencies, builds, and starts the console on
# http://localhost:3000 with the embedded database, the local Docker engine and opsdeck.yml.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # The lock file carries every platform's optional packages, so a clean install is exact.
  npm ci --no-audit --no-fund
fi
bash scripts/generate.sh
if [ ! -f .next/BUILD_ID ] || [ -n "$(find app components lib proxy.ts instrumentation.ts -newer .next/BUILD_ID -print -quit 2>/dev/null)" ]; then
  npx next build
fi
DOCKER_SOCK="${DOCKER_HOST:-unix:///var/run/docker.sock}"
if [[ "$DOCKER_SOCK" == unix://* ]] && [ ! -S "${DOCKER_SOCK#unix://}" ]; then
  echo "opsdeck: no Docker engine at $DOCKER_SOCK; starting anyway (container services show as unknown). Set DOCKER_HOST to point at one."
fi
echo "opsdeck: starting on http://localhost:${PORT:-3000} (data in ${OPSDECK_DATA_DIR:-.data}, config ${OPSDECK_CONFIG:-opsdeck.yml})"
exec node scripts/server.mjs -p "${PORT:-3000}"
