#!/usr/bin/env bash
# The benchmarks' PyTorch peer: a venv of its own (.tools/venv-bench) with torch pinned in
# infra/python/requirements-bench.txt and constraints-bench.txt. Idempotent (a stamp of both files); prints the
# venv's python. Not run by the bootstrap or the tests; `npm run bench` and `npm run bench:sweep` run it.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
BENCH_VENV="$TOOLS_DIR/venv-bench"
ensure_venv "$BENCH_VENV" infra/python/requirements-bench.txt infra/python/constraints-bench.txt "bench venv" \
  "torch (about 3 GB to download, 5.4 GB installed)"
echo "$BENCH_VENV/bin/python"
