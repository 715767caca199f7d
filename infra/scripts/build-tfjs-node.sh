#!/usr/bin/env bash
# Builds @tensorflow/tfjs-node's native addon against the TensorFlow C library of PyPI's tensorflow-cpu wheel in
# .tools/venv, without internet (the steps are build_tfjs_addon's, in tfjs-addon.sh). Idempotent.
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/tfjs-addon.sh"
cd "$ROOT"

build_tfjs_addon @tensorflow/tfjs-node "$VENV/bin/python" tensorflow-cpu
