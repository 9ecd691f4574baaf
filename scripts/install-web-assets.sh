#!/usr/bin/env bash
# Installs the Swagger UI and ReDoc bundles from the npm registry into web/node_modules (pinned by
# web/package-lock.json), so /docs and /redoc render offline. A no-op once they are there.
set -euo pipefail
cd "$(dirname "$0")/../web"
if [[ -f node_modules/swagger-ui-dist/swagger-ui-bundle.js &&
      -f node_modules/redoc/bundles/redoc.standalone.js ]]; then
  exit 0
fi
npm ci --omit=peer --ignore-scripts --no-audit --no-fund --loglevel=error
