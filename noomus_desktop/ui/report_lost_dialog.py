"""Report a lost password: explain, confirm, report, then say how to reach Noomus.

Works without signing in. When the report cannot be sent (offline), the dialog says so and
shows Noomus's phone number and e-mail address at once, so the customer can call instead.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from noomus_desktop.core.account import Account
from noomus_desktop.core.api import Contact
from noomus_desktop.core.errors import NoomusError
from noomus_desktop.ui import messages
from noomus_desktop.ui.announce import announce
from noomus_desktop.ui.tasks import run_in_background

_OFFLINE_CODES = frozenset({"offline", "network_error", "tls_error"})


def contact_of(account: Account) -> Contact:
    """Noomus's contact details: as the server announced them, else as the build ships them."""
    info = account.info
    if info is not None and (info.contact.email or info.contact.phone):
        return info.contact
    return account.build.contact


class ReportLostDialog(QDialog):
    """Emits ``reported(username)`` after the server received the report."""

    reported = Signal(str)

    def __init__(self, account: Account, username: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._account = account
        self.setModal(True)
        # The messages shown, kept to say them again in another language (None: none yet).
        self._problem: Callable[[], str] | None = None
        self._outcome: Callable[[], str] | None = None

        self.explanation = explanation = QLabel()
        explanation.setWordWrap(True)
        self.username = QLineEdit(username)
        self.note = QLineEdit()
        form = QFormLayout()
        self.user_label = user_label = QLabel()
        user_label.setBuddy(self.username)
        self.note_label = note_label = QLabel()
        note_label.setBuddy(self.note)
        form.addRow(user_label, self.username)
        form.addRow(note_label, self.note)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.report_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        confirm = QWidget()
        confirm_layout = QVBoxLayout(confirm)
        confirm_layout.addWidget(explanation)
        confirm_layout.addLayout(form)
        confirm_layout.addWidget(self.problem)
        confirm_layout.addWidget(self.buttons)

        # Plain text, read whole by screen readers (its own text is its accessible name); the
        # phone number and the address are in it, and each is also a button that calls or writes.
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setTextFormat(Qt.TextFormat.PlainText)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.call_button = QPushButton()
        self.write_button = QPushButton()
        contacts = QHBoxLayout()
        contacts.addWidget(self.call_button)
        contacts.addWidget(self.write_button)
        contacts.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.accept)
        self.close_button = close.button(QDialogButtonBox.StandardButton.Close)
        done = QWidget()
        done_layout = QVBoxLayout(done)
        done_layout.addWidget(self.outcome)
        done_layout.addLayout(contacts)
        done_layout.addWidget(close)

        self.pages = QStackedWidget()
        self.pages.addWidget(confirm)
        self.pages.addWidget(done)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.retranslate()
        (self.note if username else self.username).setFocus()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Every text in the current language (at start, and when the language changes)."""
        self.setWindowTitle(self.tr("Report a lost password"))
        self.explanation.setText(
            self.tr(
                "If you lost your password, or think someone else may know it, report it here."
                "\n\nWhen you report it:\n"
                "\u2022 your account is locked at once, so nobody can use it;\n"
                "\u2022 this computer forgets your sign-in and stops sending;\n"
                "\u2022 Noomus coordinators contact you to give you a new password."
            )
        )
        self.username.setAccessibleName(self.tr("User ID"))
        self.username.setAccessibleDescription(self.tr("The user ID whose password was lost"))
        self.note.setAccessibleName(self.tr("Note for Noomus (optional)"))
        self.note.setAccessibleDescription(
            self.tr("For example, how to reach you. Do not write passwords here.")
        )
        self.user_label.setText(self.tr("&User ID:"))
        self.note_label.setText(self.tr("&Note (optional):"))
        self.report_button.setText(self.tr("&Report and lock my account"))
        self.report_button.setAccessibleDescription(
            self.tr("Send the report to Noomus; your account is locked at once")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleDescription(
            self.tr("Close without reporting; your account stays open")
        )
        self.call_button.setAccessibleDescription(self.tr("Call Noomus"))
        self.write_button.setAccessibleDescription(self.tr("Write an e-mail to Noomus"))
        self.close_button.setAccessibleDescription(self.tr("Close this window"))
        if self._problem is not None:
            self.problem.setText(self._problem())
        if self._outcome is not None:
            self.outcome.setText(self._outcome())

    def _say_problem(self, message: Callable[[], str]) -> None:
        self._problem = message
        self.problem.setText(message())
        self.problem.show()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Enter in a text box does nothing here: it must never lock the account by accident.
        Only a deliberate press of the Report button (or Enter on it) reports."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not isinstance(
            self.focusWidget(), QPushButton
        ):
            event.accept()
            return
        super().keyPressEvent(event)

    def submit(self) -> None:
        username = self.username.text().strip()
        if not username:
            self._say_problem(lambda: self.tr("Please enter your user ID."))
            return
        note = self.note.text().strip() or None
        self.buttons.setEnabled(False)
        self._say_problem(lambda: self.tr("Sending the report..."))
        account = self._account  # the worker must hold no widget (see ``tasks``)
        run_in_background(
            lambda: account.report_lost(username, note),
            lambda _message: self._finished(username),
            self._failed,
            self,
        )

    def _finished(self, username: str) -> None:
        self._show_outcome(
            lambda: self.tr(
                "Your report was received and your account is locked. This computer has "
                "forgotten your sign-in and stopped sending. Noomus coordinators will contact "
                "you. You can also reach them now:"
            )
        )
        self.reported.emit(username)

    def _failed(self, error: NoomusError) -> None:
        if error.code in _OFFLINE_CODES:
            self._show_outcome(
                lambda: self.tr(
                    "The report could not be sent because Noomus cannot be reached right now. "
                    "Please call or e-mail Noomus right away so they can lock your account:"
                )
            )
            return
        self.buttons.setEnabled(True)
        code = error.code
        self._say_problem(lambda: messages.error_text(code))
        announce(self.problem, self.problem.text())

    def _show_outcome(self, sentence: Callable[[], str]) -> None:
        contact = contact_of(self._account)

        def text() -> str:
            lines = [sentence()]
            if contact.phone:
                lines.append(self.tr("Phone: %1").replace("%1", contact.phone))
            if contact.email:
                lines.append(self.tr("E-mail: %1").replace("%1", contact.email))
            if contact.address:
                lines.append(self.tr("Address: %1").replace("%1", contact.address))
            return "\n\n".join(lines)

        self._outcome = text
        self.outcome.setText(text())
        _offer(self.call_button, contact.phone, "tel:" + contact.phone.replace(" ", ""))
        _offer(self.write_button, contact.email, "mailto:" + contact.email)
        self.pages.setCurrentIndex(1)
        self.close_button.setFocus()
        announce(self.outcome, self.outcome.text())


def _offer(button: QPushButton, text: str, url: str) -> None:
    """Show ``button`` as ``text``, opening ``url``, when there is a ``text``."""
    button.setText(text)
    button.setVisible(bool(text))
    button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl(url)))
