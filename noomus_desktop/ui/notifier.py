"""Notifications: through the tray when there is one, in the window when there is none.

``shown`` is emitted for every notification actually delivered (the record tests and the
window's banner read); when the user turned notifications off, nothing is shown or emitted.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QSystemTrayIcon


class Kind(enum.Enum):
    INFO = "info"
    WARNING = "warning"


@dataclass(frozen=True)
class Notification:
    title: str
    message: str
    kind: Kind
    #: "tray" (a system notification) or "window" (no tray: shown in the main window).
    channel: str


class Notifier(QObject):
    """Shows notifications, honouring the user's switch."""

    shown = Signal(object)

    def __init__(self, tray: QSystemTrayIcon | None, enabled: bool, parent: QObject | None = None):
        super().__init__(parent)
        self._tray = tray
        self.enabled = enabled

    def notify(self, title: str, message: str, kind: Kind = Kind.INFO) -> None:
        if not self.enabled:
            return
        if self._tray is not None and self._tray.isVisible():
            icon = (
                QSystemTrayIcon.MessageIcon.Warning
                if kind is Kind.WARNING
                else QSystemTrayIcon.MessageIcon.Information
            )
            self._tray.showMessage(title, message, icon)
            channel = "tray"
        else:
            channel = "window"
        self.shown.emit(Notification(title, message, kind, channel))
