#!/usr/bin/env bash
# Installs what is missing, builds, and serves on the embedded SQLite default
# (http://127.0.0.1:8000, data in ./tandem.db). Extra arguments go to `tandem serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/install-web-assets.sh
scripts/build.sh release
exec build/tandem serve "$@"
