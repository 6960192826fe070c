#!/usr/bin/env bash
# The demo: brings up a local fleet (two app hosts and an accessory host without Docker), then runs
# the bundled action exactly as the Actions runner would — `setup` of v1, then `deploy` of v2 —
# and prints its log, outputs and job summary. Works on a fresh Debian machine as root.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm > /dev/null
fi
npm ci --no-audit --no-fund > /dev/null
bash test/fleet/fleet.sh up demo1 demo2 demo3:bare
exec node --import tsx scripts/demo.ts
