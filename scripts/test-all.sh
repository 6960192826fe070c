#!/usr/bin/env bash
# All the tests, from a fresh Debian machine (as root): installs what it needs, checks that dist/
# matches src/, runs the unit tests and scripts/release.sh's tests, then the end-to-end tests
# against a local fleet of real hosts.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm > /dev/null
fi
npm ci --no-audit --no-fund

echo "== typecheck"
npx tsc --noEmit -p tsconfig.json

echo "== lint (typescript-eslint with type information, layer rules) and format (Prettier, 120 columns)"
npx eslint --max-warnings=0 .
npx prettier --check . > /dev/null || { npx prettier --list-different . >&2; echo "run 'npx prettier --write .'" >&2; exit 1; }

echo "== shellcheck"
if ! command -v shellcheck > /dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck > /dev/null
fi
shellcheck scripts/*.sh test/fleet/*.sh \
  test/fleet/host/usr/local/sbin/deckhand-fix-docker-init test/fleet/host/usr/local/sbin/deckhand-host-entrypoint \
  test/fleet/host/usr/sbin/policy-rc.d test/fleet/host/lib/lsb/init-functions.d/01-deckhand-ulimit \
  test/fleet/images/demo/demo-start test/fleet/images/store/store-start

echo "== dist/ is the bundle of src/"
npm run --silent build > /dev/null
if ! git diff --quiet -- dist; then
  git --no-pager diff --stat -- dist
  echo "dist/ differs from a fresh build of src/: run 'npm run build' and commit dist/" >&2
  exit 1
fi

echo "== unit tests"
npm run --silent test:unit

echo "== scripts/release.sh, dry run and release, in temporary clones (never this repository's tags)"
npm run --silent test:release

echo "== benchmark smoke run (no timing assertions)"
bash test/fleet/fleet.sh images
npm run --silent bench -- --smoke

echo "== scale benchmark smoke run: a deploy to 10 simulated SSH hosts, handshakes paced (no timing assertions)"
if [ ! -x /usr/bin/time ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time > /dev/null
fi
npm run --silent bench:scale -- --smoke

echo "== end-to-end tests (local fleet)"
npm run --silent test:e2e

echo "== fault suite (local fleet: cancels, dead hosts, concurrent deploys, fuzz, bad input; FAULT_SEED replays)"
npm run --silent test:faults
