"""The app's icons, loaded through importlib.resources (checkout, wheel and frozen bundle alike)."""

from __future__ import annotations

import enum
from importlib import resources

from PySide6.QtGui import QIcon


class TrayState(enum.Enum):
    """What the tray icon shows; each state has its own shape, not only its own colour."""

    IDLE = "tray-idle"
    SENDING = "tray-sending"
    ATTENTION = "tray-attention"


def _load(name: str) -> QIcon:
    with resources.as_file(resources.files("noomus_desktop") / "resources" / "icons") as folder:
        return QIcon(str(folder / f"{name}.svg"))


def app_icon() -> QIcon:
    return _load("app")


def tray_icon(state: TrayState) -> QIcon:
    return _load(state.value)
