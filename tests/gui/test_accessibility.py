"""Keyboard and screen-reader access: what assistive technology is told about every control,
unambiguous keyboard mnemonics, and the whole send flow driven by key events alone."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFileDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from noomus_desktop.core.config import Settings
from noomus_desktop.core.queue import TransferState
from noomus_desktop.ui.controller import AppController
from noomus_desktop.ui.report_lost_dialog import ReportLostDialog
from noomus_desktop.ui.settings_dialog import SettingsDialog
from noomus_desktop.ui.sign_in_dialog import SignInDialog
from tests.gui.test_i18n import (
    Speaking,
    busy_main_window,
    compiled_translations,
    offline_account,
    show_at_natural_size,
    speak,
)
from tests.helpers.server import RunningExtranet

__all__ = ["compiled_translations", "speak"]  # fixtures shared with the i18n tests

LANGUAGES = ("en", "fi", "sv")


def build(name: str, qtbot: QtBot) -> QWidget:
    """One of the app's windows, as a customer meets it."""
    window: QWidget
    if name == "main-window":
        window = busy_main_window(qtbot)
    elif name == "sign-in":
        window = SignInDialog(offline_account())
    elif name == "report-lost":
        window = ReportLostDialog(offline_account(), "alice")
    else:
        window = SettingsDialog(Settings())
    qtbot.addWidget(window)
    show_at_natural_size(qtbot, window)
    return window


WINDOWS = ("main-window", "sign-in", "report-lost", "settings")


def focusable(top: QWidget) -> Iterator[QWidget]:
    """Widgets that can take keyboard focus (a widget forwarding focus to a proxy cannot)."""
    for widget in (top, *top.findChildren(QWidget)):
        if (
            widget.focusPolicy() != Qt.FocusPolicy.NoFocus
            and widget.focusProxy() is None
            and widget.isVisible()
            and widget.isEnabled()
        ):
            yield widget


def _describe(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, (QAbstractButton, QLabel, QLineEdit)):
        text = widget.text()
    return f"{type(widget).__name__} {widget.objectName() or text!r}"


@pytest.mark.parametrize("name", WINDOWS)
def test_every_focusable_control_has_an_accessible_name_and_description(
    qtbot: QtBot, name: str
) -> None:
    """Checks what Qt exposes to screen readers (explicit names, buddies, button texts)."""
    problems = []
    for widget in focusable(build(name, qtbot)):
        parent = widget.parentWidget()
        if parent is not None and parent.focusProxy() is widget:
            widget = parent  # a tab widget's tab bar: the tab widget is what is named
        interface = QAccessible.queryAccessibleInterface(widget)
        assert interface is not None, _describe(widget)
        if not interface.text(QAccessible.Text.Name).strip():
            problems.append(f"{_describe(widget)}: no accessible name")
        if not interface.text(QAccessible.Text.Description).strip():
            problems.append(f"{_describe(widget)}: no accessible description")
    assert not problems, "\n".join(problems)


_MNEMONIC = re.compile(r"&([^&\s])")


def mnemonics(top: QWidget) -> Iterator[tuple[str, str]]:
    """(letter, text) of every Alt+letter shortcut visible in the window at once."""
    texts: list[str] = []
    for widget in top.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QLabel):
            if widget.buddy() is not None:
                texts.append(widget.text())
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            texts.append(widget.title())
        elif isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count())]
    menu_bar = getattr(top, "menuBar", None)
    if callable(menu_bar):
        texts += [action.text() for action in menu_bar().actions()]
    for text in texts:
        if match := _MNEMONIC.search(text):
            yield match.group(1).casefold(), text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", WINDOWS)
def test_keyboard_mnemonics_are_unambiguous(
    qtbot: QtBot, speak: Callable[[str, float], Speaking], name: str, language: str
) -> None:
    """Two controls answering the same Alt+letter make the keyboard user press it twice."""
    speak(language, 1.0)
    found = list(mnemonics(build(name, qtbot)))
    counts = Counter(letter for letter, _text in found)
    clashes = sorted(f"Alt+{letter}: {text!r}" for letter, text in found if counts[letter] > 1)
    assert not clashes, "\n".join(clashes)


# -- the whole flow by keyboard -------------------------------------------------------------------


def focused() -> QWidget:
    """Where Qt delivers a key press: an open menu, else the widget with keyboard focus."""
    widget = QApplication.activePopupWidget() or QApplication.focusWidget()
    assert widget is not None, "nothing has keyboard focus"
    return widget


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """A key press delivered where a real one would go: to the focused widget."""
    qtbot.keyClick(focused(), key, modifier)


def type_text(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def tab_to(qtbot: QtBot, target: QWidget, limit: int = 30) -> None:
    """Press Tab until ``target`` has focus, as a keyboard user would."""
    for _ in range(limit):
        if QApplication.focusWidget() is target:
            return
        press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reaches {_describe(target)}")


def refocus(qtbot: QtBot, window: QWidget) -> None:
    """The window manager gives a window its focus back when a dialog closes; offscreen has
    no window manager, so the test does its part (no key or mouse event is involved)."""
    window.activateWindow()

    def has_focus() -> bool:
        widget = QApplication.focusWidget()
        return widget is not None and window.isAncestorOf(widget)

    qtbot.waitUntil(has_focus, timeout=5_000)


def answer_file_dialog(qtbot: QtBot, path: Path) -> list[str]:
    """When the file chooser opens (modal), type the file's path and press Enter."""
    typed: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(50, answer)
            return
        refocus(qtbot, dialog)
        type_text(qtbot, str(path))
        typed.append(str(path))
        press(qtbot, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    return typed


@pytest.mark.timeout(120)
# Offscreen, windows cannot size, raise or grab the keyboard; the plugin says so.
@pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints",
    "does not support grabbing the keyboard",
    "does not support raise",
)
def test_sign_in_and_send_a_file_by_keyboard_only(
    qtbot: QtBot,
    make_controller: Callable[..., AppController],
    extranet: RunningExtranet,
    tmp_path: Path,
) -> None:
    report = tmp_path / "vuosiraportti.txt"
    report.write_text("Noomus, keyboard only\n" * 100, "utf-8")
    controller = make_controller(extranet.url)
    controller.start()
    dialog = controller.sign_in_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.username, timeout=5_000)

    type_text(qtbot, extranet.username)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.password
    type_text(qtbot, extranet.password)
    with qtbot.waitSignal(controller.engine_started, timeout=30_000):
        press(qtbot, Qt.Key.Key_Return)

    window = controller.window
    refocus(qtbot, window)
    tab_to(qtbot, window.drop_zone)
    typed = answer_file_dialog(qtbot, report)
    press(qtbot, Qt.Key.Key_Space)
    assert typed == [str(report)]

    qtbot.waitUntil(lambda: controller.model.rowCount() == 1, timeout=10_000)
    qtbot.waitUntil(lambda: controller.model.row_at(0).state is TransferState.DONE, timeout=60_000)
    assert controller.model.row_at(0).name == report.name

    # Quit through the menu bar: Alt, then the File menu opens with Down, then Q (&Quit).
    # (Ctrl+Q is the other way: tests/gui/test_main_window.py.)
    refocus(qtbot, window)
    press(qtbot, Qt.Key.Key_Alt)
    press(qtbot, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None, timeout=5_000)
    with qtbot.waitSignal(controller.quitting, timeout=5_000):
        press(qtbot, Qt.Key.Key_Q)


@pytest.mark.timeout(120)
@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_report_a_lost_password_by_keyboard_only(
    qtbot: QtBot, make_controller: Callable[..., AppController], extranet: RunningExtranet
) -> None:
    """From the sign-in dialog: Alt+L, the user ID, Enter; the account is locked; Enter closes."""
    controller = make_controller(extranet.url)
    controller.start()
    sign_in = controller.sign_in_dialog
    assert sign_in is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is sign_in.username, timeout=5_000)

    press(qtbot, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: controller.report_lost_dialog is not None, timeout=5_000)
    report = controller.report_lost_dialog
    assert report is not None
    refocus(qtbot, report)
    assert focused() is report.username
    type_text(qtbot, extranet.username)
    press(qtbot, Qt.Key.Key_Return)  # Enter in a text box never reports (nor locks)
    assert report.pages.currentIndex() == 0
    for _ in range(4):  # Tab to the Report button: only pressing it reports
        if focused() is report.report_button:
            break
        press(qtbot, Qt.Key.Key_Tab)
    assert focused() is report.report_button
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: report.pages.currentIndex() == 1, timeout=20_000)
    assert "locked" in report.outcome.text()
    users = extranet.admin("users", "list").splitlines()
    assert any(line.split()[:2] == [extranet.username, "locked"] for line in users), users

    qtbot.waitUntil(lambda: QApplication.focusWidget() is report.close_button, timeout=5_000)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not report.isVisible(), timeout=5_000)
