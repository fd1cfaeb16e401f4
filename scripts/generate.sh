#!/usr/bin/env bash
# prisma generate needs no native engine, but the CLI still tries to download one and fails
# offline; pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file lets it proceed.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PRISMA_SCHEMA_ENGINE_BINARY:-}" ]; then export PRISMA_SCHEMA_ENGINE_BINARY="$PWD/package.json"; fi
node node_modules/prisma/build/index.js generate >/dev/null
