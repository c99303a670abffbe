"""A focus outline you can see: a 2 px accent ring around whichever control has the focus.

Platform styles mark focus faintly, or not at all (Fusion draws nothing around a table or a
large button). ``install`` follows ``QApplication.focusChanged`` and puts a ``QFocusFrame`` (the
widget Qt made for this: it sits just above the control, takes no mouse events and follows
its geometry) around the control now focused, drawn in the accent colour of ``look``.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, QRectF
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QApplication,
    QFocusFrame,
    QProxyStyle,
    QStyle,
    QStyleHintReturn,
    QStyleOption,
    QWidget,
)

from noomus_desktop.ui import look


class _RingMargins(QProxyStyle):
    """The ring lies on the control's own edge: outside it, a parent that the control fills
    (a tab page, a scroll area) would clip it away."""

    def pixelMetric(  # noqa: N802
        self,
        metric: QStyle.PixelMetric,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
    ) -> int:
        if metric in (
            QStyle.PixelMetric.PM_FocusFrameHMargin,
            QStyle.PixelMetric.PM_FocusFrameVMargin,
        ):
            return 0
        return super().pixelMetric(metric, option, widget)

    def styleHint(  # noqa: N802
        self,
        hint: QStyle.StyleHint,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
        returnData: QStyleHintReturn | None = None,  # noqa: N803
    ) -> int:
        """Above the control, unmasked: it paints only its ring and lets the mouse and drops
        through (``QFocusFrame`` is transparent for mouse events)."""
        if hint is QStyle.StyleHint.SH_FocusFrame_AboveWidget:
            return 1
        if hint is QStyle.StyleHint.SH_FocusFrame_Mask:
            return 0
        return super().styleHint(hint, option, widget, returnData)


_STYLES: list[_RingMargins] = []


def _ring_style() -> _RingMargins:
    """One style for every ring, kept for the life of the app: a widget does not own its
    style, and a style freed while a ring being destroyed still uses it crashes Qt."""
    if not _STYLES:
        _STYLES.append(_RingMargins())
    return _STYLES[0]


class FocusRing(QFocusFrame):
    """The ring of one window; ``setWidget`` moves it to another control."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setStyle(_ring_style())
        self._target: QWidget | None = None

    def follow(self, control: QWidget) -> None:
        self._target = control
        self.setWidget(control)

    def _shown(self) -> bool:
        """Only while its control has the focus: none in an inactive window, or once the
        focus went nowhere (``QFocusFrame`` itself would stay)."""
        target = self._target
        return target is not None and shiboken6.isValid(target) and target.hasFocus()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        if not self._shown():
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        half = look.FOCUS_WIDTH / 2
        painter.setPen(QPen(look.accent(self.palette()), look.FOCUS_WIDTH))
        painter.drawRoundedRect(
            QRectF(self.rect()).adjusted(half, half, -half, -half), look.COMPACT, look.COMPACT
        )
        painter.end()


def ring_of(window: QWidget) -> FocusRing:
    """The focus ring of ``window`` (made the first time a control in it takes the focus)."""
    ring = window.findChild(FocusRing)
    return ring if ring is not None else FocusRing(window)


def _follow(_old: QWidget | None, new: QWidget | None) -> None:
    """Ring the control that took the focus. The old one is not touched: it may be a widget
    being destroyed (its destructor gives the focus away)."""
    if new is not None and not new.isWindow():
        ring_of(new.window()).follow(new)


class _Follower(QObject):
    """Owns the connection, so that installing twice does not ring twice."""


def install(app: QApplication) -> None:
    """Ring every focused control of ``app`` from now on (once per application)."""
    if app.findChild(_Follower) is not None:
        return
    _Follower(app)
    app.focusChanged.connect(_follow)
