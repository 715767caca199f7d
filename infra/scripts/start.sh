#!/usr/bin/env bash
# The main job on the embedded default (`npm start`): installs what is missing, brings up the local stack
# (Temporal dev server + MLflow tracking server on loopback) with a control worker and a cpu trainer worker, then
# runs the demo sweep on Adult (`bcml demo`) and prints the report path and the MLflow run URL.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
export NX_DAEMON=false NX_NO_CLOUD=true

bash infra/scripts/bootstrap.sh
node libs/cli/bin/bcml.mjs demo
cat <<'TEXT'
The local stack and its workers are up. Stop them with `npm run stack:down`; check them with `npm run stack:status`.
Clients read TEMPORAL_ADDRESS and MLFLOW_TRACKING_URI: `eval "$(npm run -s stack:env)"` exports them.
More sweeps: `npm run bcml -- sweep start <spec.json> --wait` (see `npm run bcml -- --help`).
TEXT
