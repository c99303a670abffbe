"""The big "drop your files here" area: takes drops, and Enter/Space opens the file chooser.

It is a push button, so keyboard users see where focus is (the style's focus frame) and
assistive technology offers it as a button with a Press action, not as an inert panel.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget


def local_paths(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[Path]:
    """The local files and folders a drag carries (remote URLs are ignored)."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class DropZone(QPushButton):
    """Emits ``paths_dropped`` for drops, ``activated`` for a click, Enter, Space or Press."""

    paths_dropped = Signal(list)
    activated = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dropZone")
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumHeight(140)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.clicked.connect(self.activated)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._label = QLabel(self)
        # Clicks reach the button through the label.
        self._label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._label.setWordWrap(True)
        font = self._label.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self._label.setFont(font)
        layout = QVBoxLayout(self)
        layout.addWidget(self._label)
        self._set_highlight(False)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self._label.setText(self.tr("Drop files or folders here to send them securely to Noomus"))
        self.setAccessibleName(self.tr("Drop zone"))
        self.setAccessibleDescription(
            self.tr("Drop files or folders here, or press Enter or Space to choose files to send.")
        )
        self.setToolTip(self.tr("Press Enter or Space to choose files"))

    def _set_highlight(self, on: bool) -> None:
        """Look pressed while files are dragged over it."""
        self.setDown(on)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if local_paths(event):
            event.acceptProposedAction()
            self._set_highlight(True)
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        if local_paths(event):
            event.acceptProposedAction()

    def dragLeaveEvent(self, event: object) -> None:  # noqa: N802
        self._set_highlight(False)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        self._set_highlight(False)
        paths = local_paths(event)
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.paths_dropped.emit(paths)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Enter opens the chooser too (a push button takes only Space by itself)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
            return
        super().keyPressEvent(event)
