# shellcheck shell=bash
# build_tfjs_addon: the shared steps of build-tfjs-node.sh and build-tfjs-node-gpu.sh (sourced after lib.sh).
# Compiles the native addon of a tfjs-node package against the TensorFlow C library of a PyPI wheel, without
# internet (see shared design note tfjs-node-offline.md). The package's own install script would download
# libtensorflow 2.9.1 and a prebuilt addon from a host that is unreachable here, so package.json's allowScripts
# denies it and this function does its work: fill deps/ with the wheel's library and headers, then compile the
# addon with node-gyp against the local Node headers. Idempotent: skips when the built addon matches the stamp.

# Link $1 to $2 by a relative symlink.
link() { ln -sfn "$(realpath --relative-to="$(dirname "$2")" "$1")" "$2"; }

# build_tfjs_addon PACKAGE PYTHON DIST [RPATH]
#   PACKAGE  the npm package (@tensorflow/tfjs-node or @tensorflow/tfjs-node-gpu)
#   PYTHON   the venv's python whose site-packages hold the wheel
#   DIST     the wheel's distribution name (tensorflow-cpu or tensorflow)
#   RPATH    optional: a folder put first on the addon's runtime search path. The GPU build passes the wheel's
#            tensorflow/ folder, so libtensorflow_cc.so.2 loads from there rather than through deps/lib's symlinks
#            and its own RUNPATH ($ORIGIN/../nvidia/*/lib) finds the CUDA wheels (glibc does not resolve
#            symlinks for $ORIGIN).
# Ends by loading PACKAGE in Node and checking that it reports the tfjs backend `tensorflow`.
build_tfjs_addon() {
  local package="$1" python="$2" dist="$3" rpath="${4:-}"
  local tfjs_dir tf_dir tf_version tfjs_version stamp name node_prefix build_log backend
  tfjs_dir="$(node -p "require('path').dirname(require.resolve('$package/package.json'))")"
  tf_dir="$("$python" -c 'import importlib.util, os; print(os.path.dirname(importlib.util.find_spec("tensorflow").origin))')"
  [[ -f "$tf_dir/libtensorflow_cc.so.2" ]] || die "no libtensorflow_cc.so.2 in $tf_dir (is $dist installed?)"
  tf_version="$("$python" -c "import importlib.metadata as m; print(m.version('$dist'))")"
  tfjs_version="$(node -p "require('$package/package.json').version")"
  stamp="${package#@tensorflow/} $tfjs_version $dist $tf_version node-abi $(node -p 'process.versions.modules') $tf_dir"
  [[ -z "$rpath" ]] || stamp="$stamp rpath $rpath"

  # deps/: names install.js and binding.gyp expect, pointing into the wheel. libtensorflow.so.2.9.1 is the file
  # whose presence makes install.js skip its download; libtensorflow_cc.so.2 is the SONAME the addon records.
  mkdir -p "$tfjs_dir/deps/lib"
  link "$tf_dir/include" "$tfjs_dir/deps/include"
  for name in libtensorflow.so libtensorflow.so.2 libtensorflow.so.2.9.1 libtensorflow_cc.so.2; do
    link "$tf_dir/libtensorflow_cc.so.2" "$tfjs_dir/deps/lib/$name"
  done
  for name in libtensorflow_framework.so libtensorflow_framework.so.2; do
    link "$tf_dir/libtensorflow_framework.so.2" "$tfjs_dir/deps/lib/$name"
  done

  # node-pre-gyp picks the highest N-API version the package declares (napi-v8 for 4.22.0).
  if compgen -G "$tfjs_dir/lib/napi-v*/tfjs_binding.node" >/dev/null &&
    [[ "$(cat "$tfjs_dir/deps/.bcml-stamp" 2>/dev/null || true)" == "$stamp" ]]; then
    log "$package addon: up to date"
  else
    node_prefix="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
    [[ -f "$node_prefix/include/node/common.gypi" ]] ||
      die "Node headers not found under $node_prefix/include/node (node-gyp would try to download them)"
    build_log="$TOOLS_DIR/${package#@tensorflow/}-build.log"
    log "compiling the $package addon against $dist $tf_version (Node headers from $node_prefix)"
    # gyp's Makefile puts $LDFLAGS before the binding's own -rpath, so RPATH is searched first.
    (cd "$tfjs_dir" && LDFLAGS="${rpath:+-Wl,-rpath,$rpath}" \
      "$ROOT/node_modules/.bin/node-pre-gyp" install --build-from-source --nodedir="$node_prefix" \
      >"$build_log" 2>&1) || {
      tail -40 "$build_log" >&2
      die "$package addon build failed; full log: $build_log"
    }
    echo "$stamp" > "$tfjs_dir/deps/.bcml-stamp"
  fi

  backend="$(TF_CPP_MIN_LOG_LEVEL=2 node -e "import('$package').then(tf => console.log(tf.getBackend()))")"
  [[ "$backend" == tensorflow ]] || die "$package loaded but reports backend '$backend', expected 'tensorflow'"
  log "$package: backend $backend (TensorFlow C library of $dist $tf_version)"
}
