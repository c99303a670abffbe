"""The sign-in dialog: user ID, password, remember me; the server address under Advanced.

Signing in runs on the thread pool (it talks to the server and the keyring); errors come
back as typed errors and are shown through ``messages.error_text``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from noomus_desktop.core.account import Account
from noomus_desktop.core.api import User
from noomus_desktop.core.errors import NoomusError
from noomus_desktop.ui import messages
from noomus_desktop.ui.announce import announce
from noomus_desktop.ui.password_field import PasswordField
from noomus_desktop.ui.tasks import run_in_background


class SignInDialog(QDialog):
    """Emits ``signed_in(User)`` and accepts when the server lets the user in."""

    signed_in = Signal(object)
    report_lost_requested = Signal(str)

    def __init__(self, account: Account, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._account = account
        self.setModal(True)

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.username = QLineEdit(account.settings.last_username)
        self.password = PasswordField()
        self.remember = QCheckBox()
        self.remember.setChecked(account.settings.remember_me)

        form = QFormLayout()
        self.user_label = QLabel()
        self.user_label.setBuddy(self.username)
        self.password_label = QLabel()
        self.password_label.setBuddy(self.password)
        form.addRow(self.user_label, self.username)
        form.addRow(self.password_label, self.password)
        form.addRow("", self.remember)
        # Said once, beside the box, when there is no safe place for the sign-in.
        self.keyring_note = QLabel()
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setObjectName("keyringNote")
        form.addRow("", self.keyring_note)
        remembering = account.credentials.available
        self.keyring_note.setVisible(not remembering)
        if not remembering:
            self.remember.setChecked(False)
            self.remember.setEnabled(False)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setObjectName("errorText")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        # What the error box says, made again when the language changes (None: nothing).
        self._message: Callable[[], str] | None = None

        request_url = (account.info.request_account_url if account.info else "") or (
            account.build.request_account_url
        )
        # A button, not a link in a label: Tab reaches it and Enter opens the page (in a label,
        # Enter would press the default button and sign in instead).
        self.request_link = QPushButton()
        self.request_link.setFlat(True)
        self.request_link.clicked.connect(lambda: QDesktopServices.openUrl(QUrl(request_url)))
        self.request_link.setVisible(bool(request_url))

        self.report_lost = QPushButton()
        self.report_lost.clicked.connect(self._on_report_lost)

        self.advanced = QGroupBox()
        self.advanced.setCheckable(True)
        self.advanced.setChecked(bool(account.settings.server_url))
        self.server_url = QLineEdit(account.settings.server_url)
        self.server_url.setPlaceholderText(account.build.default_server_url)
        advanced_form = QFormLayout(self.advanced)
        self.server_label = server_label = QLabel()
        server_label.setBuddy(self.server_url)
        advanced_form.addRow(server_label, self.server_url)
        self.server_url.setVisible(self.advanced.isChecked())
        server_label.setVisible(self.advanced.isChecked())
        self.advanced.toggled.connect(self.server_url.setVisible)
        self.advanced.toggled.connect(server_label.setVisible)
        # Folded, only the "Advanced" check box shows: no empty framed box.
        self.advanced.setFlat(not self.advanced.isChecked())
        self.advanced.toggled.connect(lambda on: self.advanced.setFlat(not on))
        self.advanced.toggled.connect(lambda _on: self._fit())

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.sign_in_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        layout.addWidget(self.request_link)
        layout.addWidget(self.report_lost)
        layout.addWidget(self.advanced)
        self.retranslate()
        (self.password if self.username.text() else self.username).setFocus()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Every text in the current language (at start, and when the language changes)."""
        self.setWindowTitle(self.tr("Sign in to Noomus"))
        self.intro.setText(self.tr("Sign in with the user ID and password Noomus gave you."))
        self.username.setAccessibleName(self.tr("User ID"))
        self.username.setAccessibleDescription(self.tr("Your Noomus extranet user ID"))
        self.password.setAccessibleName(self.tr("Password"))
        self.password.setAccessibleDescription(self.tr("Your Noomus extranet password"))
        self.remember.setText(self.tr("&Remember me on this computer"))
        self.remember.setAccessibleDescription(
            self.tr("Keep you signed in, using the system's password storage")
        )
        self.user_label.setText(self.tr("&User ID:"))
        self.password_label.setText(self.tr("&Password:"))
        self.keyring_note.setText(
            self.tr(
                "This computer has no secure password storage that Noomus can use, so you "
                "will be asked for your password each time."
            )
        )
        self.request_link.setText(self.tr("New customer? Request a user ID"))
        self.request_link.setAccessibleDescription(
            self.tr("Open the Noomus web page where new customers ask for a user ID")
        )
        self.report_lost.setText(self.tr("I &lost my password..."))
        self.report_lost.setAccessibleDescription(
            self.tr("Report a lost password: your account is locked and Noomus contacts you")
        )
        self.advanced.setTitle(self.tr("&Advanced"))
        self.advanced.setAccessibleDescription(
            self.tr("Use a server address other than the standard Noomus one")
        )
        self.server_url.setAccessibleName(self.tr("Server address"))
        self.server_url.setAccessibleDescription(
            self.tr("Leave empty to use the standard Noomus address")
        )
        self.server_label.setText(self.tr("S&erver address:"))
        self.sign_in_button.setText(self.tr("&Sign in"))
        self.sign_in_button.setAccessibleDescription(self.tr("Sign in to Noomus"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleDescription(
            self.tr("Close without signing in")
        )
        if self._message is not None and self.error.isVisibleTo(self):
            self.error.setText(self._message())
            self._fit()

    def prefill(self, username: str, password: str) -> None:
        """Fill in known credentials (the ``--demo`` account)."""
        self.username.setText(username)
        self.password.set_password(password)

    def show_error(self, code: str) -> None:
        self._say(lambda: messages.error_text(code))

    def _say(self, message: Callable[[], str]) -> None:
        """Show a message under the fields, and announce it (it appears away from focus)."""
        self._message = message
        text = message()
        self.error.setText(text)
        self.error.show()
        self._fit()
        announce(self.error, text)

    def _fit(self) -> None:
        """Grow (never shrink below what the user chose) to fit a message in any language."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        hint = self.sizeHint()
        if hint.height() > self.height() or hint.width() > self.width():
            self.resize(max(hint.width(), self.width()), max(hint.height(), self.height()))

    def submit(self) -> None:
        """Sign in on the thread pool with what the fields hold."""
        username = self.username.text().strip()
        password = self.password.password()
        if not username or not password:
            self._say(lambda: self.tr("Please enter your user ID and password."))
            return
        self._account.settings.server_url = (
            self.server_url.text().strip() if self.advanced.isChecked() else ""
        )
        remember = self.remember.isChecked()
        self._set_busy(True)
        account = self._account  # the worker must hold no widget (see ``tasks``)
        run_in_background(
            lambda: account.sign_in(username, password, remember),
            self._succeeded,
            self._failed,
            self,
        )

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.username, self.password, self.advanced, self.buttons):
            widget.setEnabled(not busy)
        self.remember.setEnabled(not busy and self.keyring_note.isHidden())
        if busy:
            self._message = lambda: self.tr("Signing in...")
            self.error.setText(self._message())
            self.error.show()

    def _succeeded(self, user: User) -> None:
        self._set_busy(False)
        self.error.hide()
        self.password.clear()
        self.signed_in.emit(user)
        self.accept()

    def _failed(self, error: NoomusError) -> None:
        self._set_busy(False)
        self.show_error(error.code)
        self.password.setFocus()
        self.password.selectAll()

    def _on_report_lost(self) -> None:
        self.report_lost_requested.emit(self.username.text().strip())
