"""The windows in Finnish and Swedish, rendered offscreen at 100% and 150% font size.

Each asks Qt for its texts through a recording translator, so a text the code asks for that no
``.ts`` file holds (a wrapper lupdate cannot see, a wrong context) fails here, as does English
left in a visible text, and text that does not fit its widget. Screenshots of every window go
to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import gc
import os
import re
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtGui import QAction, QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTabBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from noomus_desktop import i18n
from noomus_desktop.core.account import Account
from noomus_desktop.core.config import Settings, load_build_config
from noomus_desktop.core.queue import HistoryEntry, TransferState
from noomus_desktop.ui import formatting, messages
from noomus_desktop.ui.main_window import MainWindow
from noomus_desktop.ui.report_lost_dialog import ReportLostDialog
from noomus_desktop.ui.settings_dialog import SettingsDialog
from noomus_desktop.ui.sign_in_dialog import SignInDialog
from noomus_desktop.ui.transfer_model import TransferModel, TransferRow
from noomus_desktop.ui.tray import Tray
from tests.gui.error_codes import CODES
from tests.helpers.server import free_port
from tests.unit.test_translations import ROOT, TRANSLATED, read_ts, ts_path

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
SCALES = (1.0, 1.5)
_MNEMONIC = re.compile(r"&(?=[^&\s])")
_MARKUP = re.compile(r"<[a-zA-Z/][^>]*>")


def plain(text: str) -> str:
    """What the user reads: no mnemonic ampersands, no markup."""
    if _MARKUP.search(text):
        text = QTextDocumentFragment.fromHtml(text).toPlainText()
    return _MNEMONIC.sub("", text).replace("&&", "&").strip()


class RecordingTranslator(QTranslator):
    """Translates nothing; records every lookup, so tests see what the code asked Qt for."""

    def __init__(self) -> None:
        super().__init__()
        self.lookups: set[tuple[str, str]] = set()

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        self.lookups.add((context, source))
        return None  # a null string: Qt asks the next translator


@dataclass
class Speaking:
    language: str
    recorder: RecordingTranslator
    known: set[tuple[str, str]] = field(default_factory=set)
    #: English source texts that are not also the translation of some text (as "Noomus" is).
    english: set[str] = field(default_factory=set)

    def untranslatable(self) -> list[tuple[str, str]]:
        """Texts the code asked for that no .ts holds (Qt's own contexts excluded)."""
        ours = {(c, s) for c, s in self.recorder.lookups if not re.match(r"Q[A-Z]", c)}
        return sorted(ours - self.known)

    def assert_all_translatable(self) -> None:
        missing = "\n".join(f"[{context}] {text!r}" for context, text in self.untranslatable())
        assert not missing, "asked for, but in no .ts (can lupdate see the call?):\n" + missing


def _scale_font(app: QApplication, scale: float) -> None:
    font = app.font()
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    else:
        font.setPixelSize(round(font.pixelSize() * scale))
    app.setFont(font)


@pytest.fixture(scope="session")
def compiled_translations() -> None:
    subprocess.run([str(ROOT / "scripts" / "build_resources.py")], check=True)


@pytest.fixture
def speak(
    qapp: QApplication, compiled_translations: None
) -> Iterator[Callable[[str, float], Speaking]]:
    """``speak(language, scale)``: the app in that language and font size, undone at teardown."""
    # Qt objects left in garbage cycles (a failed test's traceback) must be freed here, in the
    # GUI thread: collected later from a worker thread (sign-in, report) they abort the process.
    gc.collect()
    undo: list[Callable[[], None]] = []
    original_font = qapp.font()

    def start(language: str, scale: float = 1.0) -> Speaking:
        translators = i18n.install(qapp, language)
        recorder = RecordingTranslator()
        qapp.installTranslator(recorder)
        undo.append(lambda: i18n.uninstall(qapp, [*translators, recorder]))
        if scale != 1.0:
            _scale_font(qapp, scale)
            undo.append(lambda: qapp.setFont(original_font))
        speaking = Speaking(language, recorder)
        if language != i18n.SOURCE_LANGUAGE:
            entries = read_ts(ts_path(language))
            speaking.known = {(e.context, e.source) for e in entries}
            speaking.english = {plain(e.source) for e in entries} - {
                plain(form) for e in entries for form in e.forms
            }
        return speaking

    yield start
    for step in reversed(undo):
        step()


def offline_account() -> Account:
    """An account on a server that is not there: dialogs work, reports fail as "offline"."""
    return Account(Settings(server_url=f"http://127.0.0.1:{free_port()}"), load_build_config())


def busy_main_window(qtbot: QtBot) -> MainWindow:
    """The main window with a transfer in every state, a summary, a banner and a history."""
    model = TransferModel()
    window = MainWindow(model)
    qtbot.addWidget(window)
    details = {TransferState.FAILED: "file_changed", TransferState.RETRYING: "offline"}
    rows = [
        TransferRow(
            n,
            f"Tilinpäätös 2025/liite-{n}.pdf",
            f"/tmp/liite-{n}.pdf",
            1_500_000 * n,
            state,
            details.get(state),
        )
        for n, state in enumerate(TransferState, start=1)
    ]
    model.add_rows(rows)
    for row in rows:
        model.set_progress(row.transfer_id, row.size // 3, row.size, 2.5e6, 125.0)
    model.flush()
    window.show_summary(model.summary())
    window.set_user("Alice Tester (alice)")
    window.show_banner(messages.error_text("service_suspended"))
    window.show_history(
        [
            HistoryEntry(
                1, "https://extranet", "Tilinpäätös 2025/liite-1.pdf", 1_500_000, "7", time.time()
            )
        ]
    )
    return window


def _actions(actions: list[QAction]) -> Iterator[QAction]:
    for action in actions:
        yield action
        menu = action.menu()
        if isinstance(menu, QMenu):
            yield from _actions(menu.actions())


def visible_texts(top: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every text the window shows or tells assistive technology."""
    widgets = [top, *(w for w in top.findChildren(QWidget) if w.isVisible())]
    for widget in widgets:
        where = f"{type(widget).__name__} {widget.objectName()}".strip()
        if widget.isWindow():
            yield where + " title", widget.windowTitle()
        yield where + " tooltip", widget.toolTip()
        yield where + " accessible name", widget.accessibleName()
        yield where + " accessible description", widget.accessibleDescription()
        if isinstance(widget, QLabel | QAbstractButton):
            yield where, widget.text()
        if isinstance(widget, QLineEdit):
            yield where + " placeholder", widget.placeholderText()
        if isinstance(widget, QGroupBox):
            yield where, widget.title()
        if isinstance(widget, QTabBar):
            for i in range(widget.count()):
                yield where + " tab", widget.tabText(i)
        if isinstance(widget, QAbstractItemView) and (model := widget.model()) is not None:
            for column in range(model.columnCount()):
                yield where + " header", str(model.headerData(column, Qt.Orientation.Horizontal))
                for row in range(model.rowCount()):
                    yield where + " cell", str(model.index(row, column).data() or "")
        for action in _actions(widget.actions()):
            yield where + " action", action.text()
            yield where + " action tooltip", action.toolTip()


def english_left(top: QWidget, speaking: Speaking) -> list[str]:
    return sorted(
        {
            f"{where}: {text!r}"
            for where, text in visible_texts(top)
            if plain(text) in speaking.english
        }
    )


def _fits_label(label: QLabel) -> bool:
    text = plain(label.text())
    if not text:
        return True
    if label.wordWrap():
        return label.heightForWidth(label.width()) <= label.height() + 1
    metrics = label.fontMetrics()
    widest = max(metrics.horizontalAdvance(line) for line in text.splitlines())
    return widest <= label.contentsRect().width() + 1


def cut_off(top: QWidget) -> list[str]:
    """Visible labels, buttons, group titles and tabs whose text does not fit their size."""
    problems = []
    for widget in top.findChildren(QWidget):
        if not widget.isVisible():
            continue
        name = f"{type(widget).__name__} {widget.objectName()}".strip()
        size = widget.size()
        if isinstance(widget, QLabel) and not _fits_label(widget):
            problems.append(f"{name} {widget.text()!r} in {size.width()}x{size.height()}")
        elif isinstance(widget, QAbstractButton | QGroupBox):
            hint = widget.minimumSizeHint() if isinstance(widget, QGroupBox) else widget.sizeHint()
            if hint.width() > size.width() or hint.height() > size.height():
                text = widget.title() if isinstance(widget, QGroupBox) else widget.text()
                problems.append(
                    f"{name} {text!r}: needs {hint.width()}x{hint.height()}, "
                    f"has {size.width()}x{size.height()}"
                )
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                if widget.tabRect(i).width() < widget.tabSizeHint(i).width():
                    problems.append(f"tab {widget.tabText(i)!r} is narrower than its text")
    return problems


def show_at_natural_size(qtbot: QtBot, top: QWidget) -> None:
    """Show, then grow to the size hint the layout asks for (as the window manager would)."""
    top.show()
    qtbot.waitExposed(top)
    top.resize(top.size().expandedTo(top.sizeHint()))
    QApplication.processEvents()
    if (layout := top.layout()) is not None:
        layout.activate()


def screenshot(top: QWidget, name: str, language: str, scale: float) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # Under QT_SCALE_FACTOR (test_scale_factor's child) the shots are named apart.
    display = os.environ.get("QT_SCALE_FACTOR")
    suffix = f"-display{round(float(display) * 100)}" if display else ""
    path = SCREENSHOTS / f"{name}-{language}-{round(scale * 100)}{suffix}.png"
    assert top.grab().save(str(path)), path
    return path


def check_window(qtbot: QtBot, top: QWidget, name: str, speaking: Speaking, scale: float) -> None:
    show_at_natural_size(qtbot, top)
    screenshot(top, name, speaking.language, scale)
    english = english_left(top, speaking)
    assert not english, "English left:\n" + "\n".join(english)
    clipped = cut_off(top)
    assert not clipped, "text cut off:\n" + "\n".join(clipped)


WINDOW_CASES = [(language, scale) for language in TRANSLATED for scale in SCALES]


@pytest.mark.parametrize(("language", "scale"), WINDOW_CASES)
def test_main_window(
    qtbot: QtBot, speak: Callable[[str, float], Speaking], language: str, scale: float
) -> None:
    speaking = speak(language, scale)
    window = busy_main_window(qtbot)
    check_window(qtbot, window, "main-window", speaking, scale)
    speaking.assert_all_translatable()


@pytest.mark.parametrize(("language", "scale"), WINDOW_CASES)
def test_sign_in_dialog(
    qtbot: QtBot,
    speak: Callable[[str, float], Speaking],
    language: str,
    scale: float,
) -> None:
    speaking = speak(language, scale)
    dialog = SignInDialog(offline_account())
    qtbot.addWidget(dialog)
    dialog.show_error("invalid_credentials")
    check_window(qtbot, dialog, "sign-in", speaking, scale)
    speaking.assert_all_translatable()


@pytest.mark.parametrize(("language", "scale"), WINDOW_CASES)
def test_report_lost_dialog(
    qtbot: QtBot,
    speak: Callable[[str, float], Speaking],
    language: str,
    scale: float,
) -> None:
    """The confirmation page, then (the server unreachable) the page with Noomus's contacts."""
    speaking = speak(language, scale)
    dialog = ReportLostDialog(offline_account(), "alice")
    qtbot.addWidget(dialog)
    check_window(qtbot, dialog, "report-lost", speaking, scale)
    dialog.report_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=10_000)
    check_window(qtbot, dialog, "report-lost-offline", speaking, scale)
    speaking.assert_all_translatable()


@pytest.mark.parametrize(("language", "scale"), WINDOW_CASES)
def test_settings_dialog(
    qtbot: QtBot, speak: Callable[[str, float], Speaking], language: str, scale: float
) -> None:
    speaking = speak(language, scale)
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    check_window(qtbot, dialog, "settings", speaking, scale)
    speaking.assert_all_translatable()


@pytest.mark.qt_log_ignore("systemTrayWindowChanged")
@pytest.mark.parametrize("language", TRANSLATED)
def test_tray_menu(speak: Callable[[str, float], Speaking], language: str) -> None:
    speaking = speak(language, 1.0)
    tray = Tray()
    try:
        texts = [tray.icon.toolTip(), *(a.text() for a in tray.menu.actions())]
        english = [t for t in texts if plain(t) in speaking.english]
        assert not english, english
    finally:
        tray.hide()
    speaking.assert_all_translatable()


@pytest.mark.parametrize("language", TRANSLATED)
def test_messages_states_and_formats_are_translated(
    speak: Callable[[str, float], Speaking], language: str
) -> None:
    """Every error sentence, transfer state, duration and speed the UI can show."""
    speaking = speak(language, 1.0)
    texts = [messages.error_text(code) for code in CODES]
    texts += [messages.state_text(state, "offline") for state in TransferState]
    texts += [messages.state_text(state) for state in TransferState]
    texts += [formatting.duration_text(s) for s in (30, 60, 600, 3600, 7200)]
    texts += [formatting.speed_text(2.5e6)]
    speaking.assert_all_translatable()
    english = [t for t in texts if plain(t) in speaking.english]
    assert not english, english


@pytest.mark.parametrize("language", TRANSLATED)
def test_qt_standard_buttons_speak_the_language(
    speak: Callable[[str, float], Speaking], language: str
) -> None:
    """Qt's own catalogue is loaded too: dialog buttons are not left in English."""
    speak(language, 1.0)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") != "Cancel"


def test_english_needs_no_catalogue(speak: Callable[[str, float], Speaking]) -> None:
    speak("en", 1.0)
    assert QCoreApplication.translate("SignInDialog", "Password") == "Password"


@pytest.mark.parametrize(("language", "separator"), [("fi", ","), ("sv", ","), ("en", ".")])
def test_sizes_and_speeds_follow_the_language(
    speak: Callable[[str, float], Speaking], language: str, separator: str
) -> None:
    """Numbers come from QLocale: the app's language decides the decimal separator."""
    speak(language, 1.0)
    assert formatting.size_text(1_500_000).startswith(f"1{separator}5")
    assert formatting.speed_text(2_500_000).startswith(f"2{separator}5")
