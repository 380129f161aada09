#!/usr/bin/env bash
# A new user's first run, on a fresh clone: clones this checkout's HEAD into a temporary folder and
# runs the README's Quick start and first-run walk-through there, command by command, asserting on
# what each prints. Every command run is first looked up in README.md, so the README cannot drift
# from what this script proves. Cleans up after itself (the clone, local AWS, npx's link).
# Usage: scripts/fresh-clone-test.sh   (CI runs it from .ci/run after npm test)
set -euo pipefail

SOURCE=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
README="$SOURCE/README.md"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/fresh-clone-XXXXXX")
CLONE="$WORK/cdktf-securityhub"
LOG="$WORK/step.log"
LOCAL_AWS=""
STARTED=$SECONDS

cleanup() {
  local status=$?
  # Nothing in here may stop the clean-up half way: no set -e, no pipefail.
  set +e +o pipefail
  if [ -n "$LOCAL_AWS" ] && kill -0 "$LOCAL_AWS" 2>/dev/null; then kill "$LOCAL_AWS" 2>/dev/null; wait "$LOCAL_AWS" 2>/dev/null; fi
  # npx links a local package's bin through its cache, keyed by the package's path: drop the clone's.
  local cache
  cache=$(npm config get cache 2>/dev/null)
  if [ -n "$cache" ] && [ -d "$cache/_npx" ]; then
    grep -ls -- "$CLONE" "$cache"/_npx/*/package.json 2>/dev/null | xargs -r -n1 dirname | xargs -r rm -rf
  fi
  rm -rf "$WORK"
  if [ "$status" -eq 0 ]; then echo "fresh-clone-test: passed in $((SECONDS - STARTED)) s"; else echo "fresh-clone-test: FAILED (exit $status)" >&2; fi
  exit "$status"
}
trap cleanup EXIT

fail() {
  echo "fresh-clone-test: $*" >&2
  echo "--- output of the step ---" >&2
  cat "$LOG" >&2 || true
  exit 1
}

# The command must be written in the README exactly as it is run here.
documented() {
  grep -qF -- "$1" "$README" || fail "README.md does not show the command: $1"
}

# Runs a documented command in the clone; its output (stdout and stderr) goes to $LOG.
step() {
  documented "$1"
  echo "fresh-clone-test: \$ $1"
  local began=$SECONDS
  (cd "$CLONE" && timeout "${STEP_TIMEOUT:-600}" bash -c "$1") >"$LOG" 2>&1 || fail "exit $? from: $1"
  echo "fresh-clone-test:   ($((SECONDS - began)) s)"
}

expect_output() {
  grep -qF -- "$1" "$LOG" || fail "expected the output to contain: $1"
}

refuse_output() {
  if grep -qE -- "$1" "$LOG"; then fail "the output must not match: $1"; fi
}

# npm settings a user may have anyway; they change how fast npm ci is, not what it installs.
export npm_config_audit=false npm_config_fund=false npm_config_prefer_offline=true npm_config_update_notifier=false

git clone --quiet --no-hardlinks "$SOURCE" "$CLONE"
git -C "$CLONE" checkout --quiet --detach "$(git -C "$SOURCE" rev-parse HEAD)"
echo "fresh-clone-test: cloned $(git -C "$CLONE" rev-parse --short HEAD) into $CLONE"

# Quick start, first halves (the tests are the second half; CI has just run them).
# better-sqlite3 compiles from source when its prebuilt binary cannot be downloaded: minutes on a busy machine.
STEP_TIMEOUT=1500 step "npm ci"
[ -d "$CLONE/node_modules" ] || fail "npm ci left no node_modules"
step "npm run synth"
for stack in management security workload-production; do
  [ -s "$CLONE/cdktf.out/stacks/$stack/cdk.tf.json" ] || fail "npm run synth wrote no cdktf.out/stacks/$stack/cdk.tf.json"
done
step "npm run doctor"
expect_output "ok      terraform: 1.11"
expect_output "ok      moto_server: moto 5.2.1"

# First run: local AWS with an example organization, a report, an import, the report again.
SEED="npm run -s local-aws -- --seed __tests__/fixtures/findings/organization.json --admin-account 111122223333 > local-aws.env &"
documented "$SEED"
echo "fresh-clone-test: \$ $SEED"
cd "$CLONE"
eval "$SEED"
documented 'LOCAL_AWS=$!'
LOCAL_AWS=$!
WAIT='until grep -q AWS_ENDPOINT_URL local-aws.env 2>/dev/null; do sleep 0.2; done'
STEP_TIMEOUT=120 step "$WAIT"
ENV_LINE='set -a; . ./local-aws.env; set +a'
documented "$ENV_LINE"
eval "$ENV_LINE"
[ "$AWS_ACCESS_KEY_ID" = 111122223333 ] || fail "local-aws printed AWS_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID, not the administrator 111122223333"

step "npx securityhub --version"
expect_output "$(node -p 'require("./package.json").version')"

step "npx securityhub report --organization acme-corp"
expect_output "Administrator Account: 111122223333"
expect_output "Standards Enabled: CIS v5.0, CIS v1.2, AWS FSBP v1.0, PCI DSS v3.2.1"
expect_output "CIS AWS Foundations Benchmark v5.0.0: 20%"
expect_output "AWS Foundational Security Best Practices v1.0.0: 33%"
expect_output "PCI DSS v3.2.1: 25%"
expect_output "[S3.1] S3 general purpose buckets should have block public access settings enabled - 2/3 accounts FAILED"
expect_output "Total Active Findings: 13"
refuse_output "none|not subscribed|unknown \(pass"

step "npx securityhub import --input docs/examples/scanner-findings.jsonl --fill"
expect_output "Read 2 findings: 2 valid, 0 invalid."
expect_output "Imported 2 in 1 BatchImportFindings call; 0 refused."

step "npx securityhub report --organization acme-corp --format html --output report.html"
grep -qi '<html' "$CLONE/report.html" && grep -qF 'acme-corp' "$CLONE/report.html" || fail "report.html is not the organization's HTML report"
step "npx securityhub report --organization acme-corp"
expect_output "Total Active Findings: 15"
expect_output "Critical: 3 | High: 4 | Medium: 5 | Low: 2 | Informational: 1"

# Stopping it: the documented kill ends npm, node and moto_server, and frees the port.
PORT=${AWS_ENDPOINT_URL##*:}
documented 'kill $LOCAL_AWS'
kill "$LOCAL_AWS"
wait "$LOCAL_AWS" 2>/dev/null || true
LOCAL_AWS=""
for _ in $(seq 1 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || { echo "fresh-clone-test: port $PORT closed after kill"; exit 0; }
  sleep 0.2
done
fail "port $PORT still answers 10 s after kill"
