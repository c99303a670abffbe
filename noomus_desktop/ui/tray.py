"""The tray icon: shows idle / sending / needs attention, with a small menu."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from noomus_desktop.ui.icons import TrayState, tray_icon
from noomus_desktop.ui.retranslation import on_language_change


class Tray(QObject):
    """Wraps ``QSystemTrayIcon``; only built when the platform has a system tray."""

    open_requested = Signal()
    pause_all_requested = Signal()
    resume_all_requested = Signal()
    quit_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.icon = QSystemTrayIcon(tray_icon(TrayState.IDLE), self)
        self.state = TrayState.IDLE
        self.menu = QMenu()
        self.open_action = QAction(self)
        self.pause_action = QAction(self)
        self.resume_action = QAction(self)
        self.quit_action = QAction(self)
        self.retranslate()
        on_language_change(self.menu, self.retranslate)
        self.open_action.triggered.connect(self.open_requested)
        self.pause_action.triggered.connect(self.pause_all_requested)
        self.resume_action.triggered.connect(self.resume_all_requested)
        self.quit_action.triggered.connect(self.quit_requested)
        for action in (self.open_action, self.pause_action, self.resume_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.set_state(TrayState.IDLE, self.tr("Noomus: nothing to send"))
        self.icon.show()

    def retranslate(self) -> None:
        self.open_action.setText(self.tr("&Open Noomus"))
        self.pause_action.setText(self.tr("&Pause all"))
        self.resume_action.setText(self.tr("&Resume all"))
        self.quit_action.setText(self.tr("&Quit"))

    def set_state(self, state: TrayState, tooltip: str) -> None:
        if state is not self.state:
            self.icon.setIcon(tray_icon(state))
            self.state = state
        self.icon.setToolTip(tooltip)

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.open_requested.emit()

    def hide(self) -> None:
        self.icon.hide()
