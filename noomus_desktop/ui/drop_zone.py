"""The drop card: takes dropped files and folders, and Enter/Space (or a click) opens the chooser.

At rest it is a quiet card with a dashed outline, an arrow and one sentence. While files are
dragged over it, it changes in three ways at once (outline and fill in the accent colour, and
the words "Release to send") and tells screen readers; it returns when the drag leaves or
drops. It is a push button, so keyboard users reach it (the focus ring shows it) and assistive
technology offers it as a button with a Press action, not as an inert panel.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from noomus_desktop.ui import look
from noomus_desktop.ui.announce import announce
from noomus_desktop.ui.icons import Action


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
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.clicked.connect(self.activated)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        #: True while files are dragged over the card.
        self.active = False
        self._arrow = QLabel()
        self._arrow.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel()
        self.title.setObjectName("dropTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.title.setFont(look.headline_font(self.title.font()))
        self.hint = QLabel()
        self.hint.setObjectName("dropHint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        look.make_secondary(self.hint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*(look.CARD_PADDING,) * 4)
        layout.setSpacing(look.COMPACT)
        for label in (self._arrow, self.title, self.hint):
            # Clicks reach the button through its labels.
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        self._show_arrow()
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.PaletteChange:
            self._show_arrow()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self._say_what()
        self.setAccessibleName(self.tr("Drop zone"))
        self.setAccessibleDescription(
            self.tr("Drop files or folders here, or press Enter or Space to choose files to send.")
        )
        self.setToolTip(self.tr("Press Enter or Space to choose files"))

    def _say_what(self) -> None:
        if self.active:
            self.title.setText(self.tr("Release to send"))
            self.hint.setText(self.tr("The files are encrypted before they leave"))
        else:
            self.title.setText(
                self.tr("Drop files or folders here to send them securely to Noomus")
            )
            self.hint.setText(self.tr("or press Enter to choose files"))

    def _show_arrow(self) -> None:
        icon = look.action_icon(Action.DROP, self.palette(), accented=self.active)
        size = QSize(look.CARD_ICON, look.CARD_ICON)
        self._arrow.setPixmap(icon.pixmap(size, self.devicePixelRatioF()))

    def _set_active(self, on: bool) -> None:
        """The card's look while files are dragged over it (and back)."""
        if on == self.active:
            return
        self.active = on
        self._say_what()
        self._show_arrow()
        self.update()
        if on:
            announce(self, self.title.text(), urgent=False)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        """The wrapped words need fewer lines on a wider card."""
        layout = self.layout()
        return layout.totalHeightForWidth(width) if layout is not None else -1

    def sizeHint(self) -> QSize:  # noqa: N802
        """The layout's size (the words and the arrow, not a push button's one line), as tall
        as the words need at the card's present width."""
        layout = self.layout()
        if layout is None:
            return super().sizeHint()
        hint = layout.sizeHint()
        if self.width() > hint.width():
            hint.setHeight(self.heightForWidth(self.width()))
        return hint

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        layout = self.layout()
        return layout.minimumSize() if layout is not None else super().minimumSizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        """The card, not a button bevel: a big bevelled button reads as one command."""
        painter = QPainter(self)
        look.paint_card(painter, QRectF(self.rect()), self.palette(), active=self.active)
        painter.end()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if local_paths(event):
            event.acceptProposedAction()
            self._set_active(True)
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        if local_paths(event):
            event.acceptProposedAction()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:  # noqa: N802
        self._set_active(False)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        self._set_active(False)
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
