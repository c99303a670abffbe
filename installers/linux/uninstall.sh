#!/bin/sh
# Undo install.sh for the current user: the menu entry, the icon, the ~/.local/bin command
# (only if it points into this bundle) and the "Start at login" entry. The queue, history,
# settings and logs stay unless --remove-user-data is given. Delete this folder afterwards.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data="${XDG_DATA_HOME:-$HOME/.local/share}"
config="${XDG_CONFIG_HOME:-$HOME/.config}"
if [ "${1:-}" = "--remove-user-data" ]; then
  "$here/noomus-desktop" --remove-user-data
  echo "Removed the queue, history, settings and logs"
fi
rm -f "$data/applications/noomus-desktop.desktop" "$data/icons/hicolor/256x256/apps/noomus-desktop.png"
rm -f "$config/autostart/noomus-desktop.desktop"
link="$HOME/.local/bin/noomus-desktop"
if [ -L "$link" ] && [ "$(readlink "$link")" = "$here/noomus-desktop" ]; then
  rm -f "$link"
fi
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$data/applications" || true
echo "Noomus uninstalled for $(id -un); you can now delete $here"
