#!/usr/bin/env bash
# Set up Cloud Capex Simulator in ./.venv: system libraries Qt needs (apt, when
# missing and when root or sudo is available), a virtual environment, the package.
#   scripts/setup.sh          the app
#   scripts/setup.sh --test   the app plus test and dev tools (pytest, ruff, ...)
set -euo pipefail
cd "$(dirname "$0")/.."

QT_LIBS="libegl1 libgl1 libxkbcommon0 libfontconfig1 fonts-dejavu-core libdbus-1-3 libglib2.0-0"
XCB_LIBS="libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 \
libxcb-render-util0 libxcb-image0 libxcb-randr0 libxcb-xinerama0 libxcb-xfixes0"
extras="."
TEST_TOOLS=""
case "${1:-}" in
  --test) extras=".[dev]"; TEST_TOOLS="poppler-utils" ;;  # pdftoppm renders PDF reports
  "") ;;
  *) echo "usage: scripts/setup.sh [--test]" >&2; exit 2 ;;
esac

if command -v apt-get >/dev/null 2>&1; then
  missing=()
  installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
  for pkg in python3-venv $QT_LIBS $XCB_LIBS $TEST_TOOLS; do
    # Debian 13 renamed some libraries for 64-bit time (libglib2.0-0 -> libglib2.0-0t64)
    installed "$pkg" || installed "${pkg}t64" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
      "${missing[@]}"
  fi
fi

PYTHON="${PYTHON:-python3}"
"$PYTHON" -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] < (3, 14))' || {
  echo "setup: needs Python 3.11, 3.12 or 3.13 (set PYTHON=python3.x); found $("$PYTHON" -V 2>&1)" >&2
  exit 1
}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip 2>&1 | grep -v "is ignored" || true
# the versions the suite passed with (constraints.txt; README says how to upgrade them)
.venv/bin/python -m pip install -q -c constraints.txt -e "$extras" 2>&1 \
  | grep -v "is ignored" || true
.venv/bin/python -c "import simulator, PySide6, pyqtgraph" \
  || { echo "setup failed: the package does not import" >&2; exit 1; }
