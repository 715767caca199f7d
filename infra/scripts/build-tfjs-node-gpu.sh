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
ensure_venv "$VENV_GPU" infra/python/requirements-gpu.txt infra/python/constraints.txt "GPU python venv" \
  "tensorflow[and-cuda] (about 3.4 GB)"

tf_dir="$("$VENV_GPU/bin/python" -c 'import importlib.util, os; print(os.path.dirname(importlib.util.find_spec("tensorflow").origin))')"
build_tfjs_addon @tensorflow/tfjs-node-gpu "$VENV_GPU/bin/python" tensorflow "$tf_dir"
