"""The window's visual system in one place: spacing, type, colours, icons, focus and the card.

It refines the platform's look rather than painting a skin over it (``DESIGN.md``): colours
come from the system palette, light or dark (``QStyleHints.colorScheme``, else the palette's
own lightness); the accent marks work in progress and focus; a green, amber or red that keep
4.5:1 contrast on the window colour mark success, waiting and problems; the placeholder tone
is for what is quiet. Every state has an icon and a word as well as a colour, never colour
alone. Widgets ask this module for fonts, colours and icons instead of calling
``setStyleSheet`` here and there.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from noomus_desktop.core.queue import TransferState
from noomus_desktop.ui import icons

# -- spacing: an 8 px grid -------------------------------------------------------------------------
#: The grid unit; compact controls use half of it inside.
GRID = 8
COMPACT = GRID // 2
#: Around the window's content.
WINDOW_MARGIN = 2 * GRID
#: Between the sections of a window (header, drop card, list).
SECTION = 12
#: Inside the drop card.
CARD_PADDING = 2 * GRID
CARD_RADIUS = GRID

# -- type ------------------------------------------------------------------------------------------
#: The headline's size relative to the body text, in medium weight.
HEADLINE_SCALE = 1.25
#: Secondary text (hints, the secure-sending sentence): smaller and in a quieter tone.
SECONDARY_SCALE = 0.9
#: Icon sizes, in device-independent pixels.
ROW_ICON = 16
HEADLINE_ICON = 24
CARD_ICON = 32

# -- focus -----------------------------------------------------------------------------------------
#: The width of the focus ring drawn around every focused control.
FOCUS_WIDTH = 2


class Tone(enum.Enum):
    """What a sentence or a row is about; each has its own icon and colour."""

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
    Tone.DELIVERED: ("#146c2e", "#57d17a"),
    Tone.RETRYING: ("#8a5a00", "#f0b849"),
    Tone.PROBLEM: ("#b42318", "#ff7b72"),
}


def tone_of(state: TransferState) -> Tone:
    return _STATE_TONES[state]


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether the app shows a dark scheme: the system's word when it has one (and the palette
    asked about is the application's), else the palette's window darker than its text."""
    if palette is None:
        scheme = QGuiApplication.styleHints().colorScheme()
        if scheme is not Qt.ColorScheme.Unknown:
            return scheme is Qt.ColorScheme.Dark
        palette = QApplication.palette()
    window = palette.color(QPalette.ColorRole.Window).lightness()
    text = palette.color(QPalette.ColorRole.WindowText).lightness()
    return window < text


def contrast(one: QColor, other: QColor) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""

    def luminance(colour: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(colour.redF())
            + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF())
        )

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def accent(palette: QPalette | None = None) -> QColor:
    """The system accent, made lighter or darker until it stands out (3:1) on the window."""
    palette = palette or QApplication.palette()
    colour = QColor(palette.color(QPalette.ColorRole.Accent))
    window = palette.color(QPalette.ColorRole.Window)
    dark = is_dark(palette)
    for _step in range(8):
        if contrast(colour, window) >= 3.0:
            break
        colour = colour.lighter(120) if dark else colour.darker(120)
    return colour


def colour(tone: Tone, palette: QPalette | None = None) -> QColor:
    """The colour for ``tone`` in ``palette`` (default: the application's)."""
    palette = palette or QApplication.palette()
    if tone in _SIGNAL_COLOURS:
        light, dark = _SIGNAL_COLOURS[tone]
        return QColor(dark if is_dark(palette) else light)
    if tone in (Tone.SENDING, Tone.CHECKING):
        return accent(palette)
    return secondary_colour(palette)


def secondary_colour(palette: QPalette | None = None) -> QColor:
    """Quiet text: the placeholder tone, moved towards the text colour until it passes 4.5:1."""
    palette = palette or QApplication.palette()
    quiet = QColor(palette.color(QPalette.ColorRole.PlaceholderText))
    text = palette.color(QPalette.ColorRole.WindowText)
    window = palette.color(QPalette.ColorRole.Window)
    for step in range(1, 11):
        if contrast(quiet, window) >= 4.5:
            break
        mix = step / 10
        quiet = QColor.fromRgbF(
            quiet.redF() * (1 - mix) + text.redF() * mix,
            quiet.greenF() * (1 - mix) + text.greenF() * mix,
            quiet.blueF() * (1 - mix) + text.blueF() * mix,
        )
    return quiet


def icon(tone: Tone, palette: QPalette | None = None) -> QIcon:
    """``tone``'s icon in its colour, sharp at any device pixel ratio."""
    return icons.tinted(f"state-{tone.value}", colour(tone, palette))


def action_icon(
    action: icons.Action, palette: QPalette | None = None, *, accented: bool = False
) -> QIcon:
    """An action's icon in the text colour of buttons (``accented``: in the accent colour)."""
    palette = palette or QApplication.palette()
    tint = accent(palette) if accented else palette.color(QPalette.ColorRole.ButtonText)
    return icons.tinted(f"action-{action.value}", tint)


# -- type ------------------------------------------------------------------------------------------


def headline_font(base: QFont) -> QFont:
    font = QFont(base)
    font.setPointSizeF(base.pointSizeF() * HEADLINE_SCALE)
    font.setWeight(QFont.Weight.Medium)
    return font


def make_secondary(label: QLabel) -> None:
    """Secondary text: 0.9× the body size, in the quiet tone."""
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * SECONDARY_SCALE)
    label.setFont(font)
    tint(label, secondary_colour())


def tint(widget: QWidget, text: QColor) -> None:
    """Draw ``widget``'s text in ``text`` (its palette, not a style sheet)."""
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText, text)
    palette.setColor(QPalette.ColorRole.Text, text)
    widget.setPalette(palette)


def make_banner(label: QLabel) -> None:
    """A message across the window: on a faint amber tint of the window colour, with room
    around its words, so it reads as news and not as one more line of the form."""
    palette = label.palette()
    window = palette.color(QPalette.ColorRole.Window)
    amber = colour(Tone.RETRYING, palette)
    share = 0.18

    def mix(one: float, other: float) -> float:
        return one * (1 - share) + other * share

    palette.setColor(
        QPalette.ColorRole.Window,
        QColor.fromRgbF(
            mix(window.redF(), amber.redF()),
            mix(window.greenF(), amber.greenF()),
            mix(window.blueF(), amber.blueF()),
        ),
    )
    label.setPalette(palette)
    label.setAutoFillBackground(True)
    label.setMargin(GRID)


# -- the drop card ---------------------------------------------------------------------------------


def paint_card(painter: QPainter, rect: QRectF, palette: QPalette, *, active: bool) -> None:
    """The drop card: a quiet dashed outline at rest; while files are dragged over it a solid
    accent outline on an accent-tinted fill, so the change is seen without colour too."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    inner = rect.adjusted(1.5, 1.5, -1.5, -1.5)
    if active:
        fill = QColor(accent(palette))
        fill.setAlphaF(0.14)
        pen = QPen(accent(palette), 3)
    else:
        fill = palette.color(QPalette.ColorRole.Base)
        pen = QPen(secondary_colour(palette), 1.5, Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.setBrush(fill)
    painter.drawRoundedRect(inner, CARD_RADIUS, CARD_RADIUS)
    painter.restore()


# -- schemes ---------------------------------------------------------------------------------------


def dark_palette() -> QPalette:
    """A dark palette for platforms that cannot switch scheme themselves (offscreen, Xvfb
    without a desktop): the screenshots and the tests show the dark look with it."""
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2b2b",
        QPalette.ColorRole.WindowText: "#f0f0f0",
        QPalette.ColorRole.Base: "#1e1e1e",
        QPalette.ColorRole.AlternateBase: "#262626",
        QPalette.ColorRole.Text: "#f0f0f0",
        QPalette.ColorRole.Button: "#3a3a3a",
        QPalette.ColorRole.ButtonText: "#f0f0f0",
        QPalette.ColorRole.BrightText: "#ffffff",
        QPalette.ColorRole.Highlight: "#3d8fd1",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Accent: "#5aa9e6",
        QPalette.ColorRole.PlaceholderText: "#a0a0a0",
        QPalette.ColorRole.ToolTipBase: "#3a3a3a",
        QPalette.ColorRole.ToolTipText: "#f0f0f0",
        QPalette.ColorRole.Link: "#7cc0ff",
        QPalette.ColorRole.Light: "#505050",
        QPalette.ColorRole.Midlight: "#444444",
        QPalette.ColorRole.Mid: "#333333",
        QPalette.ColorRole.Dark: "#191919",
        QPalette.ColorRole.Shadow: "#000000",
    }
    for role, value in roles.items():
        palette.setColor(role, QColor(value))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#808080"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#808080"))
    return palette


def use_scheme(app: QApplication, scheme: Qt.ColorScheme) -> None:
    """Show ``scheme`` (light or dark): asks the platform, and where it cannot follow
    (offscreen, a bare X server) sets the palette itself."""
    app.styleHints().setColorScheme(scheme)
    if scheme is Qt.ColorScheme.Dark and not is_dark(app.palette()):
        app.setPalette(dark_palette())
    elif scheme is Qt.ColorScheme.Light and is_dark(app.palette()):
        app.setPalette(app.style().standardPalette())
