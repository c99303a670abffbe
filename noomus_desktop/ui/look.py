"""The window's visual vocabulary: a glyph and a colour for each kind of news, never colour alone.

Colours follow the system palette (light or dark): the accent for work in progress, a
green, amber or red that keep 4.5:1 contrast on the window's base colour, and the
placeholder tone for what is quiet. Glyphs come from the system font, so they scale with
the text on every screen density; each sits beside a word, never in place of one.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication

from noomus_desktop.core.queue import TransferState


class Tone(enum.Enum):
    """What a sentence or a row is about; each has its own glyph and colour."""

    IDLE = "idle"
    WAITING = "waiting"
    SENDING = "sending"
    CHECKING = "checking"
    DELIVERED = "delivered"
    PAUSED = "paused"
    RETRYING = "retrying"
    PROBLEM = "problem"
    CANCELLED = "cancelled"
    SIGNED_OUT = "signed_out"


_GLYPHS = {
    Tone.IDLE: "•",
    Tone.WAITING: "◷",
    Tone.SENDING: "↑",
    Tone.CHECKING: "⛉",
    Tone.DELIVERED: "✓",
    Tone.PAUSED: "‖",
    Tone.RETRYING: "⟳",
    Tone.PROBLEM: "⚠",
    Tone.CANCELLED: "✕",
    Tone.SIGNED_OUT: "⚿",
}

_STATE_TONES = {
    TransferState.QUEUED: Tone.WAITING,
    TransferState.PREPARING: Tone.SENDING,
    TransferState.UPLOADING: Tone.SENDING,
    TransferState.VERIFYING: Tone.CHECKING,
    TransferState.RETRYING: Tone.RETRYING,
    TransferState.PAUSED: Tone.PAUSED,
    TransferState.DONE: Tone.DELIVERED,
    TransferState.FAILED: Tone.PROBLEM,
    TransferState.CANCELLED: Tone.CANCELLED,
}

# (light theme, dark theme) colours that keep 4.5:1 against the base colour of each.
_SIGNAL_COLOURS = {
    Tone.DELIVERED: ("#1a7f37", "#57d17a"),
    Tone.RETRYING: ("#8a5a00", "#f0b849"),
    Tone.PROBLEM: ("#b42318", "#ff7b72"),
}


def tone_of(state: TransferState) -> Tone:
    return _STATE_TONES[state]


def glyph(tone: Tone) -> str:
    return _GLYPHS[tone]


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether the palette is a dark scheme (its window colour is darker than its text)."""
    palette = palette or QApplication.palette()
    window = palette.color(QPalette.ColorRole.Window).lightness()
    text = palette.color(QPalette.ColorRole.WindowText).lightness()
    return window < text


def colour(tone: Tone, palette: QPalette | None = None) -> QColor:
    """The colour for ``tone`` in ``palette`` (default: the application's)."""
    palette = palette or QApplication.palette()
    if tone in _SIGNAL_COLOURS:
        light, dark = _SIGNAL_COLOURS[tone]
        return QColor(dark if is_dark(palette) else light)
    if tone in (Tone.SENDING, Tone.CHECKING):
        return palette.color(QPalette.ColorRole.Accent)
    return palette.color(QPalette.ColorRole.PlaceholderText)


_ICONS: dict[tuple[Tone, str], QIcon] = {}


def icon(tone: Tone, palette: QPalette | None = None) -> QIcon:
    """``tone``'s glyph as an icon in its colour, drawn at 1× and 2× (sharp on high DPI)."""
    tint = colour(tone, palette)
    key = (tone, tint.name())
    cached = _ICONS.get(key)
    if cached is not None:
        return cached
    made = QIcon()
    for scale in (1, 2):
        pixmap = QPixmap(16 * scale, 16 * scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        font = QFont(QApplication.font())
        font.setPixelSize(14 * scale)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(tint)
        painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, glyph(tone))
        painter.end()
        made.addPixmap(pixmap)
    _ICONS[key] = made
    return made
