"""dmgbuild settings for Noomus.dmg: the app and an Applications link to drag it onto.

dmgbuild executes this file with ``defines`` (from ``-D name=value``) in its namespace:

    dmgbuild -s installers/macos/dmg_settings.py -D app=dist/Noomus.app \
        -D icon=build/icons/noomus.icns "Noomus" dist/Noomus-0.1.0.dmg
"""

from __future__ import annotations

from pathlib import Path

defines: dict[str, str] = globals().get("defines", {})

application = defines.get("app", "dist/Noomus.app")
app_name = Path(application).name

# A compressed, read-only image (``format`` is the name dmgbuild reads, builtin or not).
format = defines.get("format", "UDZO")
size = None  # let dmgbuild compute it from the contents
files = [application]
symlinks = {"Applications": "/Applications"}
icon = defines.get("icon")  # the volume icon (the app's .icns), if given

# The classic layout: app on the left, Applications on the right, large icons, no toolbars.
window_rect = ((200, 200), (600, 360))
default_view = "icon-view"
show_status_bar = False
show_tab_view = False
show_toolbar = False
show_pathbar = False
show_sidebar = False
icon_size = 128
text_size = 13
icon_locations = {app_name: (150, 170), "Applications": (450, 170)}
hide_extensions = [app_name]
background = "builtin-arrow"
