#!/bin/sh
# Install this unpacked Noomus bundle for the current user: a launcher in the menu and the
# "noomus-desktop" command in ~/.local/bin. Run it from the unpacked folder; no root needed.
# uninstall.sh (beside this file) undoes it.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data="${XDG_DATA_HOME:-$HOME/.local/share}"
apps="$data/applications"
icons="$data/icons/hicolor/256x256/apps"
mkdir -p "$apps" "$icons" "$HOME/.local/bin"
ln -sfn "$here/noomus-desktop" "$HOME/.local/bin/noomus-desktop"
cp "$here/noomus-desktop.png" "$icons/noomus-desktop.png"

# The desktop entry spec: inside Exec's double quotes, " ` $ and \ take a backslash, and the
# key file's own escaping doubles every backslash; a literal % is %%. So a folder with spaces,
# quotes or dollars still launches (gio launch rejected the unquoted path).
exec_path=$(printf '%s' "$here/noomus-desktop" | sed -e 's/[\\"`$]/\\&/g' -e 's/\\/\\\\/g' -e 's/%/%%/g')
try_path=$(printf '%s' "$here/noomus-desktop" | sed -e 's/\\/\\\\/g')
while IFS= read -r line; do
  case $line in
    Exec=*) printf 'Exec="%s" %%F\n' "$exec_path" ;;
    TryExec=*) printf 'TryExec=%s\n' "$try_path" ;;
    *) printf '%s\n' "$line" ;;
  esac
done < "$here/noomus-desktop.desktop" > "$apps/noomus-desktop.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$apps" || true
echo "Noomus installed for $(id -un): menu entry and ~/.local/bin/noomus-desktop"
