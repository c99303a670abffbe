"""A password box whose typed characters never reach the accessibility bus.

Qt's line edit tells assistive technology every character inserted, in clear, even in
password mode (``QAccessibleTextInsertEvent``; on Linux AT-SPI carries it to every listener,
and Orca spoke it, as in KeePassXC #1920 and #5389). This box keeps the password in Python and
lets the line edit hold only mask characters, so the only text Qt ever announces is the mask.
Typing, pasting, input-method commits, Backspace and Delete work as in any password box;
undo, drag and drop, which would bring text we did not see, are off.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QContextMenuEvent,
    QGuiApplication,
    QInputMethodEvent,
    QKeyEvent,
    QKeySequence,
)
from PySide6.QtWidgets import QLineEdit, QWidget

MASK = "\u25cf"

_SWALLOWED = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)
_COMMAND_MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.MetaModifier


class PasswordField(QLineEdit):
    """``password()`` / ``set_password()`` instead of ``text()`` / ``setText()``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._secret = ""
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setAcceptDrops(False)

    def password(self) -> str:
        return self._secret

    def set_password(self, password: str) -> None:
        self._secret = password
        self.setText(MASK * len(password))

    def clear(self) -> None:
        self.set_password("")

    def _insert(self, text: str) -> None:
        """Put ``text`` at the cursor (over the selection), showing only masks."""
        start, end = self._span()
        self._secret = self._secret[:start] + text + self._secret[end:]
        self.insert(MASK * len(text))

    def _paste(self) -> None:
        self._insert(QGuiApplication.clipboard().text().replace("\n", ""))

    def _span(self) -> tuple[int, int]:
        if self.hasSelectedText():
            start = self.selectionStart()
            return start, start + len(self.selectedText())
        return self.cursorPosition(), self.cursorPosition()

    def _follow(self, before: int) -> None:
        """After the line edit removed masks itself: drop the same characters of the secret
        (a removal leaves the cursor where the removed text began)."""
        removed = before - len(self.text())
        if removed > 0:
            cursor = self.cursorPosition()
            self._secret = self._secret[:cursor] + self._secret[cursor + removed :]
        elif removed < 0 or len(self._secret) != len(self.text()):
            self.set_password("")  # text we did not put there: start again rather than guess

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if any(event.matches(key) for key in _SWALLOWED):
            return
        if event.matches(QKeySequence.StandardKey.Paste):
            self._paste()
            return
        text = event.text()
        if text and text.isprintable() and not event.modifiers() & _COMMAND_MODIFIERS:
            self._insert(text)
            return
        before = len(self.text())
        super().keyPressEvent(event)
        self._follow(before)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:  # noqa: N802
        if event.commitString():
            self._insert(event.commitString())
        event.accept()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        """The usual menu, its Paste and Delete going through this box."""
        menu = self.createStandardContextMenu()
        for action in menu.actions():
            name = action.objectName()
            if name in ("edit-undo", "edit-redo"):
                action.setEnabled(False)
            elif name == "edit-paste":
                action.triggered.disconnect()
                action.triggered.connect(self._paste)
            elif name == "edit-delete":
                action.triggered.disconnect()
                action.triggered.connect(lambda: self._insert(""))
        menu.exec(event.globalPos())
        menu.deleteLater()
