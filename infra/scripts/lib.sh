# Shared helpers of the infra scripts (sourced, not run).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS_DIR="${BCML_TOOLS_DIR:-$ROOT/.tools}"
case "$TOOLS_DIR" in /*) ;; *) TOOLS_DIR="$ROOT/$TOOLS_DIR" ;; esac
DATA_DIR="${BCML_DATA_DIR:-$ROOT/.data}"
case "$DATA_DIR" in /*) ;; *) DATA_DIR="$ROOT/$DATA_DIR" ;; esac
VENV="$TOOLS_DIR/venv"

log() { printf '[bcml] %s\n' "$*" >&2; }
die() { printf '[bcml] error: %s\n' "$*" >&2; exit 1; }
sha() { cat "$@" | sha256sum | cut -c1-64; }

# ensure_venv DIR REQUIREMENTS CONSTRAINTS NAME WHAT: a Python venv at DIR with REQUIREMENTS pinned by CONSTRAINTS
# ($BCML_PYTHON or python3), (re)installed only when either file or the python version changed (a stamp in DIR).
# NAME and WHAT go into the log ("<NAME> at DIR (python X.Y): installing <WHAT>", or "<NAME>: up to date").
ensure_venv() {
  local dir="$1" requirements="$2" constraints="$3" name="$4" what="$5"
  local python="${BCML_PYTHON:-python3}" version stamp
  command -v "$python" >/dev/null || die "$python is required (set BCML_PYTHON to a python 3.10-3.13)"
  version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  stamp="$(sha "$requirements" "$constraints") py$version"
  if [[ "$(cat "$dir/.bcml-stamp" 2>/dev/null || true)" == "$stamp" ]]; then
    log "$name: up to date"
    return
  fi
  log "$name at $dir (python $version): installing $what"
  mkdir -p "$(dirname "$dir")"
  [[ -x "$dir/bin/python" ]] || "$python" -m venv "$dir"
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" -c "$constraints"
  echo "$stamp" > "$dir/.bcml-stamp"
}
