"""Change the password: the current one, the new one twice; the other devices are signed out.

The checks that need no server (a box left empty, the two new ones differ, too short) are
said at once; the rest goes through the account (``Account.change_password``) in the
background, and its refusals become plain sentences. The passwords live only in the
:class:`PasswordField` boxes, and are cleared once the server has answered.

With ``required``, the account was signed in with a coordinator's one-time password: the
server takes nothing else until it is changed, so the dialog says so, asks for the one-time
password as the current one, and its Cancel button says what cancelling does (sign out).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from noomus_desktop.core.account import Account
from noomus_desktop.core.errors import NoomusError
from noomus_desktop.ui import messages
from noomus_desktop.ui.announce import announce
from noomus_desktop.ui.password_field import PasswordField
from noomus_desktop.ui.tasks import run_in_background


class ChangePasswordDialog(QDialog):
    """Emits ``changed`` (and closes) once the server has taken the new password."""

    changed = Signal()

    def __init__(
        self, account: Account, parent: QWidget | None = None, *, required: bool = False
    ) -> None:
        super().__init__(parent)
        self._account = account
        self.setModal(True)
        if required:
            self.setWindowTitle(self.tr("Choose your own password"))
            intro_text = self.tr(
                "You signed in with a one-time password from Noomus. Choose your own password "
                "now: type the one-time password, then your new password twice. No files are "
                "sent until you do. If you cancel, you are signed out and your files wait."
            )
            current_name, current_label = (
                self.tr("One-time password"),
                self.tr("&One-time password:"),
            )
        else:
            self.setWindowTitle(self.tr("Change password"))
            intro_text = self.tr(
                "Your other computers and devices are signed out when you change your "
                "password; this computer stays signed in."
            )
            current_name, current_label = self.tr("Current password"), self.tr("&Current password:")
        self.intro = QLabel(intro_text)
        self.intro.setWordWrap(True)
        self.current = self._field(current_name)
        self.new = self._field(self.tr("New password"))
        self.new.setAccessibleDescription(self.tr("At least 12 characters"))
        self.repeat = self._field(self.tr("New password again"))
        form = QFormLayout()
        for label_text, field in (
            (current_label, self.current),
            (self.tr("&New password:"), self.new),
            (self.tr("New password &again:"), self.repeat),
        ):
            label = QLabel(label_text)
            label.setBuddy(field)
            form.addRow(label, field)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.change_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.change_button.setText(self.tr("C&hange password"))
        if required:
            cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
            cancel.setText(self.tr("&Sign out"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.current.setFocus()

    def _field(self, name: str) -> PasswordField:
        field = PasswordField()
        field.setAccessibleName(name)
        return field

    def submit(self) -> None:
        current, new = self.current.password(), self.new.password()
        if not (current and new and self.repeat.password()):
            self._say(self.tr("Please fill in all three password boxes."))
            return
        if new != self.repeat.password():
            self._say(self.tr("The two new passwords are not the same. Please type them again."))
            self.new.clear()
            self.repeat.clear()
            self.new.setFocus()
            return
        self.buttons.setEnabled(False)
        self._say(self.tr("Changing the password..."))
        account = self._account  # the worker must hold no widget (see ``tasks``)
        run_in_background(
            lambda: account.change_password(current, new), self._finished, self._failed, self
        )

    def _finished(self, _none: None) -> None:
        for field in (self.current, self.new, self.repeat):
            field.clear()
        self.changed.emit()
        self.accept()

    def _failed(self, error: NoomusError) -> None:
        self.buttons.setEnabled(True)
        if error.code == "invalid_credentials":
            self.current.clear()
            self.current.setFocus()
            self._say(self.tr("The current password is not right. Please type it again."))
            return
        self._say(messages.error_text(error.code))

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()
        announce(self.problem, text)
