#!/usr/bin/env bash
# The benchmarks' PyTorch peer: a venv of its own (.tools/venv-bench) with torch pinned in
# infra/python/requirements-bench.txt and constraints-bench.txt. Idempotent (a stamp of both files); prints the
# venv's python. Not run by the bootstrap or the tests; `npm run bench` and `npm run bench:sweep` run it.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
BENCH_VENV="$TOOLS_DIR/venv-bench"
PYTHON="${BCML_PYTHON:-python3}"
command -v "$PYTHON" >/dev/null || die "$PYTHON is required (set BCML_PYTHON)"
stamp="$(sha infra/python/requirements-bench.txt infra/python/constraints-bench.txt)"
if [[ "$(cat "$BENCH_VENV/.bcml-stamp" 2>/dev/null || true)" != "$stamp" ]]; then
  log "bench venv at $BENCH_VENV: installing torch (about 3 GB to download, 5.4 GB installed)"
  mkdir -p "$TOOLS_DIR"
  [[ -x "$BENCH_VENV/bin/python" ]] || "$PYTHON" -m venv "$BENCH_VENV"
  "$BENCH_VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    -r infra/python/requirements-bench.txt -c infra/python/constraints-bench.txt
  echo "$stamp" > "$BENCH_VENV/.bcml-stamp"
fi
echo "$BENCH_VENV/bin/python"
