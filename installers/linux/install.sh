#!/bin/sh
# Install this unpacked Noomus bundle for the current user: a launcher in the menu and the
# "noomus-desktop" command in ~/.local/bin. Run it from the unpacked folder; no root needed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps"
mkdir -p "$apps" "$icons" "$HOME/.local/bin"
ln -sf "$here/noomus-desktop" "$HOME/.local/bin/noomus-desktop"
cp "$here/noomus-desktop.png" "$icons/noomus-desktop.png"
sed "s|^Exec=noomus-desktop|Exec=$here/noomus-desktop|; s|^TryExec=noomus-desktop|TryExec=$here/noomus-desktop|" \
  "$here/noomus-desktop.desktop" > "$apps/noomus-desktop.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$apps" || true
echo "Noomus installed for $(id -un): menu entry and ~/.local/bin/noomus-desktop"
