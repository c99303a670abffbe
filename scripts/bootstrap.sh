#!/usr/bin/env bash
# Install everything a fresh Debian machine lacks to run, test and build Noomus Desktop.
# Idempotent: re-running only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  age gnome-keyring dbus dbus-x11 xvfb msitools wixl osslsigncode debootstrap libglib2.0-bin nodejs npm
  postgresql nginx-light
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0
  libxcb-randr0 libxcb-render-util0 libxcb-image0 fonts-dejavu-core at-spi2-core python3-pyatspi
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if [ "$pkg" = nodejs ] || [ "$pkg" = npm ]; then
    command -v "${pkg/nodejs/node}" >/dev/null 2>&1 && continue
  fi
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[dev]'
  touch "$stamp"
fi

if [ ! -d tests/node/node_modules ] || [ tests/node/package.json -nt tests/node/node_modules ]; then
  (cd tests/node && npm ci --no-audit --no-fund --silent 2>/dev/null || npm install --no-audit --no-fund --silent)
fi

# lupdate from PySide6 6.12.0, beside the app's PySide6 (6.12.0 is excluded at run time for its
# reference-count bug): the 6.11 lupdate misses plural (%n) messages, so refreshing the .ts files
# with it would drop their translations. Only scripts/update_translations.sh and its drift test use it.
LUPDATE_PYSIDE=6.12.0
if [ ! -x .venv/lupdate/PySide6/lupdate ]; then
  .venv/bin/python -m pip install -q --no-deps --target .venv/lupdate "PySide6-Essentials==$LUPDATE_PYSIDE"
fi

# The icons and compiled catalogues the app loads, built from resources/ into the package.
.venv/bin/python scripts/build_resources.py
