#!/usr/bin/env bash
# Installs the dependencies on a fresh machine and runs the demo sync (simulated QuickBooks,
# Web Connector and ShipStation) until Ctrl-C. Extra arguments go to the demo, e.g. --port 8086.
set -euo pipefail
cd "$(dirname "$0")/.."
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
npm ci --no-audit --no-fund
npm run demo -- "$@"
