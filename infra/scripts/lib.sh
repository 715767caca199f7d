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
