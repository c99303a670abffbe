"""The header at the top of the window: who is signed in, and one true sentence about now.

It shows what it is told (``set_user``, ``show``); the window feeds it the queue summary and
the controller the account. Its one button changes with the sentence (Sign in, Pause all,
Resume all), so there is always at most one thing to do, and it is right there.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from noomus_desktop.ui import look
from noomus_desktop.ui.headline import Headline, HeadlineAction


class StatusHeader(QFrame):
    """Emits the request of its one button; ``overall`` is the progress of the current sends."""

    action_requested = Signal(HeadlineAction)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusHeader")
        self.user_label = QLabel()
        self.user_label.setObjectName("signedInAs")
        self.user_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sign_in_button = QPushButton()
        self.sign_in_button.clicked.connect(
            lambda: self.action_requested.emit(HeadlineAction.SIGN_IN)
        )
        who = QHBoxLayout()
        who.addWidget(self.user_label, 1)
        who.addWidget(self.sign_in_button)

        # The state's icon beside the sentence (the sentence says it in words).
        self.state_icon = QLabel()
        self.state_icon.setObjectName("headlineIcon")
        self.state_icon.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.state_icon.setFixedWidth(look.HEADLINE_ICON + look.GRID)
        self.sentence = QLabel()
        self.sentence.setObjectName("headline")
        self.sentence.setWordWrap(True)
        self.sentence.setFont(look.headline_font(self.sentence.font()))
        self.action_button = QPushButton()
        self.action_button.hide()
        self.action_button.clicked.connect(self._action_clicked)
        self._action: HeadlineAction | None = None
        line = QHBoxLayout()
        line.addWidget(self.state_icon)
        line.addWidget(self.sentence, 1)
        line.addWidget(self.action_button, 0, Qt.AlignmentFlag.AlignTop)

        self.overall = QProgressBar()
        # Whole percents: screen readers speak the value itself, so it must be the percentage.
        self.overall.setRange(0, 100)
        self.overall.setValue(0)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(look.GRID)
        layout.addLayout(who)
        layout.addLayout(line)
        layout.addWidget(self.overall)
        self._user: tuple[str | None, str] = (None, "")
        # Until the window gives a headline, the header says its own first sentence.
        self._headline: Headline | None = None
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.PaletteChange and self._headline is not None:
            self._show(self._headline)  # the icon's colour follows a light or dark scheme
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Its own texts in the current language (the window gives the headline again)."""
        self.user_label.setAccessibleDescription(
            self.tr("The Noomus account files are sent with from this computer")
        )
        self.sign_in_button.setText(self.tr("Sign in..."))
        self.set_user(*self._user)
        if self._headline is None:
            self._show(Headline(self.tr("Nothing to send yet"), look.Tone.IDLE))
        else:
            self._show(self._headline)

    def set_user(self, name: str | None, company: str = "") -> None:
        """``name`` of the signed-in customer (None: nobody), with their company if known."""
        self._user = (name, company)
        if name is None:
            self.user_label.setText(self.tr("Not signed in"))
        elif company:
            #: Who is signed in: %1 is the person's name, %2 their company.
            self.user_label.setText(self.tr("%1 · %2").replace("%1", name).replace("%2", company))
        else:
            self.user_label.setText(name)
        self.sign_in_button.setVisible(name is None)

    def show_headline(self, headline: Headline) -> None:
        self._headline = headline
        self._show(headline)

    def _show(self, headline: Headline) -> None:
        self.sentence.setText(headline.text)
        size = QSize(look.HEADLINE_ICON, look.HEADLINE_ICON)
        icon = look.icon(headline.tone, self.palette())
        self.state_icon.setPixmap(icon.pixmap(size, self.devicePixelRatioF()))
        self._action = headline.action
        # The Sign-in button of the first line already offers that action.
        shown = headline.action not in (None, HeadlineAction.SIGN_IN)
        if headline.action is HeadlineAction.PAUSE_ALL:
            self.action_button.setText(self.tr("Pause all"))
        elif headline.action is HeadlineAction.RESUME_ALL:
            self.action_button.setText(self.tr("Resume all"))
        self.action_button.setVisible(shown)

    def show_progress(self, percent: int, unfinished: bool) -> None:
        """The overall bar shows only while something is unfinished."""
        self.overall.setValue(percent)
        self.overall.setVisible(unfinished)

    def _action_clicked(self) -> None:
        if self._action is not None:
            self.action_requested.emit(self._action)
