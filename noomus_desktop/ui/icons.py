"""The app's icons, loaded through importlib.resources (checkout, wheel and frozen bundle alike).

Their sources are ``resources/icons/*.svg`` at the top level; the build copies them into this
package (``scripts/build_resources.py``). The state and action icons are Lucide's (ISC licence,
``resources/icons/LICENSE-lucide.txt``), drawn with ``currentColor``: :func:`tinted` draws them
in a palette colour, so they follow a dark scheme, and renders the SVG at the screen's device
pixel ratio each time Qt asks, so they are sharp at 100 %, 150 % and 200 % alike.
"""

from __future__ import annotations

import enum
from functools import cache
from importlib import resources

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QIconEngine, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer


class TrayState(enum.Enum):
    """What the tray icon shows; each state has its own shape, not only its own colour."""

    IDLE = "tray-idle"
    SENDING = "tray-sending"
    ATTENTION = "tray-attention"


class Action(enum.Enum):
    """Icons of the things the customer can do (``action-<value>.svg``)."""

    PAUSE = "pause"
    RESUME = "resume"
    CANCEL = "cancel"
    RETRY = "retry"
    REMOVE = "remove"
    CHOOSE_FILES = "choose-files"
    CHOOSE_FOLDER = "choose-folder"
    DROP = "drop"
    ENCRYPTED = "encrypted"


#: The application icon's name (``<name>.svg`` in the package's ``resources/icons``).
APP_ICON = "app"
#: State icons are ``state-<Tone value>.svg`` (see ``look.Tone``).
STATE_ICONS = (
    "idle",
    "waiting",
    "sending",
    "checking",
    "delivered",
    "paused",
    "retrying",
    "problem",
    "cancelled",
    "signed_out",
)
#: Every icon the app loads: a wheel or a bundle without one of them is broken.
ICONS = (
    APP_ICON,
    *(state.value for state in TrayState),
    *(f"state-{name}" for name in STATE_ICONS),
    *(f"action-{action.value}" for action in Action),
)


def _load(name: str) -> QIcon:
    with resources.as_file(resources.files("noomus_desktop") / "resources" / "icons") as folder:
        return QIcon(str(folder / f"{name}.svg"))


@cache
def _svg(name: str) -> str:
    entry = resources.files("noomus_desktop") / "resources" / "icons" / f"{name}.svg"
    return entry.read_text(encoding="utf-8")


def app_icon() -> QIcon:
    return _load(APP_ICON)


def tray_icon(state: TrayState) -> QIcon:
    return _load(state.value)


class _TintedSvg(QIconEngine):
    """Renders one SVG in one colour at exactly the pixel size asked for (size × ratio); a
    disabled icon is drawn at 40 % opacity."""

    def __init__(self, svg: str) -> None:
        super().__init__()
        self._svg = svg
        self._renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        if mode is QIcon.Mode.Disabled:
            painter.setOpacity(0.4)
        self._renderer.render(painter, QRectF(rect))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(  # noqa: N802
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        pixmap = QPixmap(size * scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint(painter, QRect(0, 0, pixmap.width(), pixmap.height()), mode, state)
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def clone(self) -> QIconEngine:
        return _TintedSvg(self._svg)


_TINTED: dict[tuple[str, str], QIcon] = {}


def tinted(name: str, colour: QColor) -> QIcon:
    """The SVG icon ``name`` drawn in ``colour`` (cached per name and colour)."""
    key = (name, colour.name(QColor.NameFormat.HexArgb))
    icon = _TINTED.get(key)
    if icon is None:
        svg = _svg(name).replace("currentColor", colour.name(QColor.NameFormat.HexRgb))
        icon = _TINTED[key] = QIcon(_TintedSvg(svg))
    return icon
