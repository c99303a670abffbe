"""The account's signed-in devices: name, last used, address; "Sign out" on any but this one.

The list comes from the server (``Account.devices``) in the background when the dialog opens,
and again after each sign-out. This computer's own row has no button: signing this computer
out is the Account menu's "Sign out", which also forgets the keyring entry.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDateTime, QEvent, QLocale
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from noomus_desktop.core.account import Account
from noomus_desktop.core.api import DeviceSession
from noomus_desktop.core.errors import NoomusError
from noomus_desktop.ui import messages
from noomus_desktop.ui.announce import announce
from noomus_desktop.ui.tasks import run_in_background

_ACTION_COLUMN = 3


class DevicesDialog(QDialog):
    """The table of devices; ``sign_out_buttons`` maps a session ID to its row's button."""

    def __init__(self, account: Account, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._account = account
        self.sign_out_buttons: dict[int, QPushButton] = {}
        # What the dialog shows, kept to say it again in another language.
        self._devices: list[DeviceSession] = []
        self._status: Callable[[], str] = str
        self.intro = intro = QLabel()
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.status = QLabel()
        self.status.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.resize(640, 320)
        self.retranslate()
        self.reload()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Every text in the current language (at start, and when the language changes)."""
        self.setWindowTitle(self.tr("Signed-in devices"))
        self.intro.setText(
            self.tr(
                "These computers and devices are signed in to your Noomus account. If you do "
                "not recognise one, sign it out and change your password."
            )
        )
        self.table.setAccessibleName(self.tr("Signed-in devices"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Device"), self.tr("Last used"), self.tr("Address"), ""]
        )
        if self._devices:
            self._fill(self._devices)
        self.status.setText(self._status())

    def reload(self) -> None:
        """Ask the server for the list again (the table is filled when it answers)."""
        self._say(lambda: self.tr("Asking Noomus for the list..."))
        run_in_background(self._account.devices, self._show, self._failed, self)

    def _show(self, devices: list[DeviceSession]) -> None:
        self._fill(devices)
        self._say(lambda: self.tr("The list is up to date."))

    def _fill(self, devices: list[DeviceSession]) -> None:
        self._devices = devices
        self.sign_out_buttons.clear()
        self.table.setRowCount(len(devices))
        locale = QLocale()
        for row, device in enumerate(devices):
            used = QDateTime.fromSecsSinceEpoch(int(device.last_used_at.timestamp()))
            name = device.device_name or self.tr("Unnamed device")
            if device.current:
                name = self.tr("%1 (this computer)").replace("%1", name)
            cells = (name, locale.toString(used, QLocale.FormatType.ShortFormat), device.ip)
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
            if not device.current:
                self.table.setCellWidget(row, _ACTION_COLUMN, self._button(device, name))

    def _button(self, device: DeviceSession, name: str) -> QPushButton:
        button = QPushButton(self.tr("Sign out"))
        button.setAccessibleName(self.tr("Sign out %1").replace("%1", name))
        button.clicked.connect(lambda _checked=False, d=device.id: self.sign_out_device(d))
        self.sign_out_buttons[device.id] = button
        return button

    def sign_out_device(self, session_id: int) -> None:
        account = self._account  # the worker must hold no widget (see ``tasks``)
        for button in self.sign_out_buttons.values():
            button.setEnabled(False)
        self._say(lambda: self.tr("Signing the device out..."))
        run_in_background(
            lambda: account.sign_out_device(session_id),
            lambda _none: self.reload(),
            self._failed,
            self,
        )

    def _failed(self, error: NoomusError) -> None:
        for button in self.sign_out_buttons.values():
            button.setEnabled(True)
        if error.code == "not_found":  # ended meanwhile: the list is out of date
            self.reload()
            return
        code = error.code
        self._say(lambda: messages.error_text(code))

    def _say(self, message: Callable[[], str]) -> None:
        self._status = message
        text = message()
        self.status.setText(text)
        announce(self.status, text)
