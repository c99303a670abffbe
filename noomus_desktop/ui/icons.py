"""The app's icons, loaded through importlib.resources (checkout, wheel and frozen bundle alike).

Their sources are ``resources/icons/*.svg`` at the top level; the build copies them into this
package (``scripts/build_resources.py``)."""

from __future__ import annotations

import enum
from importlib import resources

from PySide6.QtGui import QIcon


class TrayState(enum.Enum):
    """What the tray icon shows; each state has its own shape, not only its own colour."""

    IDLE = "tray-idle"
    SENDING = "tray-sending"
    ATTENTION = "tray-attention"


#: The application icon's name (``<name>.svg`` in the package's ``resources/icons``).
APP_ICON = "app"
#: Every icon the app loads: a wheel or a bundle without one of them is broken.
ICONS = (APP_ICON, *(state.value for state in TrayState))


def _load(name: str) -> QIcon:
    with resources.as_file(resources.files("noomus_desktop") / "resources" / "icons") as folder:
        return QIcon(str(folder / f"{name}.svg"))


def app_icon() -> QIcon:
    return _load(APP_ICON)


def tray_icon(state: TrayState) -> QIcon:
    return _load(state.value)
