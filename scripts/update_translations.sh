#!/usr/bin/env bash
# Refresh the translation sources (.ts) from the code: new strings arrive "unfinished", strings
# the code no longer has are dropped (-no-obsolete). Then translate them (Qt Linguist, or by
# hand) following resources/translations/glossary.md, and run scripts/build_resources.py.
#
# TS_DIR overrides where the .ts files are written (the drift test refreshes a temporary copy).
set -euo pipefail
cd "$(dirname "$0")/.."

# The lupdate bootstrap installs (see scripts/bootstrap.sh: the app's own PySide6 misses plurals).
LUPDATE=${LUPDATE:-.venv/lupdate/PySide6/lupdate}
TS_DIR=${TS_DIR:-resources/translations}
LANGUAGES=(fi sv)

# Everything that shows or prints sentences: the windows, the GUI entry point and the CLI.
sources=()
for path in noomus_desktop/ui noomus_desktop/messages.py noomus_desktop/app.py noomus_desktop/cli.py; do
  [ -e "$path" ] && sources+=("$path")
done

mkdir -p "$TS_DIR"
for lang in "${LANGUAGES[@]}"; do
  "$LUPDATE" -silent -extensions py -no-obsolete -locations relative \
    -source-language en -target-language "$lang" \
    "${sources[@]}" -ts "$TS_DIR/noomus_$lang.ts"
done
# English is the source language; its catalogue holds only the plural forms, so that
# "%n file(s)" reads "1 file" and "2 files" (lupdate -pluralonly).
"$LUPDATE" -silent -extensions py -no-obsolete -locations relative -pluralonly \
  -source-language en -target-language en \
  "${sources[@]}" -ts "$TS_DIR/noomus_en.ts"
