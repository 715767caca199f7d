#!/usr/bin/env bash
# The GPU pool's native TensorFlow, opt-in: the bootstrap runs this only with BCML_GPU=1, so CPU machines never
# download it. Installs PyPI's tensorflow wheel (the CUDA build of the release tensorflow-cpu pins) with its
# NVIDIA runtime wheels (tensorflow[and-cuda]: CUDA 12, cuDNN 9; about 3.4 GB to download, 6.3 GB installed) into
# a venv of its own (.tools/venv-gpu; .tools/venv stays as it is), then compiles @tensorflow/tfjs-node-gpu's addon
# against that wheel exactly as build-tfjs-node.sh does for the CPU (build_tfjs_addon in tfjs-addon.sh).
# At run time the addon loads libtensorflow_cc.so.2 from the wheel's own folder (rpath), whose RUNPATH
# ($ORIGIN/../nvidia/*/lib) finds the CUDA libraries: a worker needs no LD_LIBRARY_PATH, only the NVIDIA driver
# (libcuda.so.1) of the machine. Idempotent (a stamp per step). Builds and loads on a machine without a GPU too;
# TensorFlow then runs on the CPU.
# Environment: BCML_TOOLS_DIR, BCML_PYTHON (python3 >= 3.10, <= 3.13).
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/tfjs-addon.sh"
cd "$ROOT"

VENV_GPU="$TOOLS_DIR/venv-gpu"
PYTHON="${BCML_PYTHON:-python3}"
command -v "$PYTHON" >/dev/null || die "$PYTHON is required (set BCML_PYTHON to a python 3.10-3.13)"
py_version="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
stamp="$(sha infra/python/requirements-gpu.txt infra/python/constraints.txt) py$py_version"
if [[ "$(cat "$VENV_GPU/.bcml-stamp" 2>/dev/null || true)" != "$stamp" ]]; then
  log "GPU python venv at $VENV_GPU (python $py_version): installing tensorflow[and-cuda] (about 3.4 GB)"
  mkdir -p "$TOOLS_DIR"
  [[ -x "$VENV_GPU/bin/python" ]] || "$PYTHON" -m venv "$VENV_GPU"
  "$VENV_GPU/bin/python" -m pip install --quiet --disable-pip-version-check \
    -r infra/python/requirements-gpu.txt -c infra/python/constraints.txt
  echo "$stamp" > "$VENV_GPU/.bcml-stamp"
else
  log "GPU python venv: up to date"
fi

tf_dir="$("$VENV_GPU/bin/python" -c 'import importlib.util, os; print(os.path.dirname(importlib.util.find_spec("tensorflow").origin))')"
build_tfjs_addon @tensorflow/tfjs-node-gpu "$VENV_GPU/bin/python" tensorflow "$tf_dir"
