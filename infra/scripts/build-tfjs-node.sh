#!/usr/bin/env bash
# Builds @tensorflow/tfjs-node's native addon against the TensorFlow C library of PyPI's tensorflow-cpu wheel,
# without internet (see shared design note tfjs-node-offline.md). Its own install script would download
# libtensorflow 2.9.1 and a prebuilt addon from a host that is unreachable here, so package.json's allowScripts
# denies it and this script does its work: fill deps/ with the wheel's library and headers, then compile the
# addon with node-gyp against the local Node headers. Idempotent: skips when the built addon matches the stamp.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

TFJS_DIR="$(node -p "require('path').dirname(require.resolve('@tensorflow/tfjs-node/package.json'))")"
TF_DIR="$("$VENV/bin/python" -c 'import importlib.util, os; print(os.path.dirname(importlib.util.find_spec("tensorflow").origin))')"
[[ -f "$TF_DIR/libtensorflow_cc.so.2" ]] || die "no libtensorflow_cc.so.2 in $TF_DIR (is tensorflow-cpu installed?)"
tf_version="$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("tensorflow-cpu"))')"
tfjs_version="$(node -p "require('@tensorflow/tfjs-node/package.json').version")"
stamp="tfjs-node $tfjs_version tensorflow-cpu $tf_version node-abi $(node -p 'process.versions.modules') $TF_DIR"

link() { ln -sfn "$(realpath --relative-to="$(dirname "$2")" "$1")" "$2"; }

# deps/: names install.js and binding.gyp expect, pointing into the wheel. libtensorflow.so.2.9.1 is the file
# whose presence makes install.js skip its download; libtensorflow_cc.so.2 is the SONAME the addon records.
mkdir -p "$TFJS_DIR/deps/lib"
link "$TF_DIR/include" "$TFJS_DIR/deps/include"
for name in libtensorflow.so libtensorflow.so.2 libtensorflow.so.2.9.1 libtensorflow_cc.so.2; do
  link "$TF_DIR/libtensorflow_cc.so.2" "$TFJS_DIR/deps/lib/$name"
done
for name in libtensorflow_framework.so libtensorflow_framework.so.2; do
  link "$TF_DIR/libtensorflow_framework.so.2" "$TFJS_DIR/deps/lib/$name"
done

# node-pre-gyp picks the highest N-API version the package declares (napi-v8 for 4.22.0).
if compgen -G "$TFJS_DIR/lib/napi-v*/tfjs_binding.node" >/dev/null && [[ "$(cat "$TFJS_DIR/deps/.bcml-stamp" 2>/dev/null || true)" == "$stamp" ]]; then
  log "tfjs-node addon: up to date"
else
  node_prefix="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
  [[ -f "$node_prefix/include/node/common.gypi" ]] ||
    die "Node headers not found under $node_prefix/include/node (node-gyp would try to download them)"
  log "compiling the tfjs-node addon against tensorflow-cpu $tf_version (Node headers from $node_prefix)"
  (cd "$TFJS_DIR" && "$ROOT/node_modules/.bin/node-pre-gyp" install --build-from-source --nodedir="$node_prefix" \
    >"$TOOLS_DIR/tfjs-node-build.log" 2>&1) || {
    tail -40 "$TOOLS_DIR/tfjs-node-build.log" >&2
    die "tfjs-node addon build failed; full log: $TOOLS_DIR/tfjs-node-build.log"
  }
  echo "$stamp" > "$TFJS_DIR/deps/.bcml-stamp"
fi

backend="$(TF_CPP_MIN_LOG_LEVEL=2 node -e "import('@tensorflow/tfjs-node').then(tf => console.log(tf.getBackend()))")"
[[ "$backend" == tensorflow ]] || die "tfjs-node loaded but reports backend '$backend', expected 'tensorflow'"
log "tfjs-node: backend $backend (TensorFlow C library $tf_version)"
