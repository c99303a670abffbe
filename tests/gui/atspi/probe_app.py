"""The sign-in dialog as a screen reader meets it after a failed sign-in: shown on a real X
display, with its error said and a password typed. Run by ``test_atspi_tree`` (with the
project's Python); prints "ready" once the dialog is up, then runs until killed.

Usage: ``python -m tests.gui.atspi.probe_app PASSWORD``.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from noomus_desktop.core.account import Account
from noomus_desktop.core.config import BuildConfig, Settings
from noomus_desktop.ui.sign_in_dialog import SignInDialog

# Not tests.gui.conftest's: importing it would switch Qt to the offscreen platform.
BUILD = BuildConfig(request_account_url="https://noomus.example/request")

#: How the dumper finds this process among the accessible applications.
APP_NAME = "noomus-atspi-probe"
#: The longest the probe stays up if nobody ends it.
LIFETIME_MS = 120_000


def main(password: str) -> None:
    app = QApplication([APP_NAME])
    app.setApplicationName(APP_NAME)
    # Port 9 (discard): nobody answers, and nothing here needs a server.
    account = Account(Settings(server_url="http://127.0.0.1:9"), BUILD)
    dialog = SignInDialog(account)
    dialog.show()
    dialog.prefill("alice", "")
    dialog.show_error("invalid_credentials")

    def type_password() -> None:
        dialog.password.setFocus(Qt.FocusReason.OtherFocusReason)
        QTest.keyClicks(dialog.password, password)
        print("ready", flush=True)

    QTimer.singleShot(200, type_password)
    QTimer.singleShot(LIFETIME_MS, app.quit)
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1])
