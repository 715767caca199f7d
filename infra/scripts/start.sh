#!/usr/bin/env bash
# The main job on the embedded default (`npm start`): installs what is missing, then brings up the local stack
# (Temporal dev server + MLflow tracking server on loopback) and prints where to find it.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
export NX_DAEMON=false NX_NO_CLOUD=true

bash infra/scripts/bootstrap.sh
node_modules/.bin/tsx infra/src/cli.ts up
cat <<'TEXT'
The local stack is up. Stop it with `npm run stack:down`; check it with `npm run stack:status`.
Clients read TEMPORAL_ADDRESS and MLFLOW_TRACKING_URI: `eval "$(npm run -s stack:env)"` exports them.
TEXT
