#!/usr/bin/env bash
# Compile every translation source (.ts) into the .qm the app loads, beside it.
# Idempotent and quick: only a .ts newer than its .qm is compiled. The .qm files are build
# output (git-ignored); bootstrap.sh runs this, and the packaging build compiles its own.
set -euo pipefail
cd "$(dirname "$0")/.."

LRELEASE=${LRELEASE:-.venv/bin/pyside6-lrelease}
TS_DIR=noomus_desktop/resources/translations

stale=()
for ts in "$TS_DIR"/*.ts; do
  [ -e "$ts" ] || continue
  qm="${ts%.ts}.qm"
  if [ ! -e "$qm" ] || [ "$ts" -nt "$qm" ]; then
    stale+=("$ts")
  fi
done
[ ${#stale[@]} -eq 0 ] && exit 0

if [ ! -x "$LRELEASE" ]; then
  echo "build_translations: $LRELEASE not found (install the gui extra); the app will speak English" >&2
  exit 0
fi
trap 'rm -f "$TS_DIR"/*.qm.$$.tmp' EXIT
for ts in "${stale[@]}"; do
  # Compile beside, then rename: a test or app reading the .qm meanwhile never sees half a file.
  tmp="${ts%.ts}.qm.$$.tmp"
  "$LRELEASE" -silent "$ts" -qm "$tmp"
  mv -f "$tmp" "${ts%.ts}.qm"
done
