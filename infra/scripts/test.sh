#!/usr/bin/env bash
# The test command (`npm test`, named in README.md and run by .ci/run). On a fresh clone it installs everything
# (bootstrap.sh), starts the local stack (Temporal dev server + MLflow), runs formatting, typecheck, lint, unit
# and integration tests through Nx, prints one summary line, and stops the stack it started, even on failure.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false

bash infra/scripts/bootstrap.sh

stack() { node_modules/.bin/tsx infra/src/cli.ts "$@"; }
stack_was_running=0
if stack status >/dev/null 2>&1; then stack_was_running=1; fi
cleanup() {
  local code=$?
  if [[ $stack_was_running == 0 ]]; then stack down || code=1; fi
  exit "$code"
}
trap cleanup EXIT
stack up

rm -rf .test-results && mkdir -p .test-results
status=0
failed=()
# Formatting of the tracked files (files a CI harness or a tool drops into the tree are not ours to format).
git ls-files -z | xargs -0 node_modules/.bin/prettier --check --ignore-unknown || {
  status=1
  failed+=(prettier)
}
# Each phase's output is also kept, so that the closing lines can name what failed (CI shows only the tail).
node_modules/.bin/nx run-many -t typecheck lint test --output-style=stream 2>&1 | tee .test-results/phase-units.log ||
  {
    status=1
    failed+=("typecheck/lint/unit [$(grep -A40 'Failed tasks:' .test-results/phase-units.log | grep -E '^\s*- ' | tr -s ' \n' ' ' || true)]")
  }
node_modules/.bin/nx run test:integration --output-style=stream 2>&1 | tee .test-results/phase-integration.log || {
  status=1
  failed+=(test:integration)
}
# The short chaos and security suites (the long ones: `npm run test:chaos`); each starts its own servers.
node_modules/.bin/nx run-many -t security chaos -p test --parallel=1 --output-style=stream 2>&1 |
  tee .test-results/phase-chaos.log || {
  status=1
  failed+=(test:security/chaos)
}
node_modules/.bin/tsx test/support/print-reliability.ts

# One closing line over every Vitest run (each wrote .test-results/<project>.json).
node -e '
  const fs = require("fs");
  let passed = 0, failed = 0, skipped = 0;
  for (const f of fs.readdirSync(".test-results").filter((name) => name.endsWith(".json"))) {
    const r = JSON.parse(fs.readFileSync(".test-results/" + f, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + r.numTodoTests;
  }
  console.log(`tests: ${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
'
if [[ $status != 0 ]]; then echo "FAILED: ${failed[*]}"; else echo "all checks passed"; fi
exit "$status"
