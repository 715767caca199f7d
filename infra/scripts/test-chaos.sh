#!/usr/bin/env bash
# `npm run test:chaos`: the long chaos and security suites (BCML_CHAOS=long: 10 SIGKILL trials, a 60 s MLflow
# outage, 20 concurrent sweeps and a 1,000-point sweep, …). Each test starts its own throwaway servers, so no stack
# needs to run. Prints README's Reliability table at the end. BCML_CHAOS_SEED replays a run's random choices.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false BCML_CHAOS=long

bash infra/scripts/bootstrap.sh
mkdir -p .test-results && rm -rf .test-results/reliability
status=0
node_modules/.bin/nx run-many -t security chaos -p test --parallel=1 --output-style=stream || status=1
node_modules/.bin/tsx test/support/print-reliability.ts
exit "$status"
