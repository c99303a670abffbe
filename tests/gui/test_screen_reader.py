"""What a screen-reader user meets: labels read whole, links that are buttons, tables Tab
leaves, the keyboard's context menu on the current row, problems announced, passwords kept off
the accessibility bus (events recorded through Qt's own update handler: ``a11y_events``)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QAccessible, QContextMenuEvent, QDesktopServices
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QWidget
from pytestqt.qtbot import QtBot

from noomus_desktop.core.queue import TransferRecord, TransferState
from noomus_desktop.ui.controller import AppController
from noomus_desktop.ui.drop_zone import DropZone
from noomus_desktop.ui.report_lost_dialog import ReportLostDialog
from noomus_desktop.ui.row_actions import RowAction
from noomus_desktop.ui.sign_in_dialog import SignInDialog
from noomus_desktop.ui.transfer_model import Column, TransferRow
from tests.gui.a11y_events import listening
from tests.gui.conftest import CONTACT_BUILD
from tests.gui.test_i18n import busy_main_window, offline_account, plain, show_at_natural_size

SPOKEN = (QAccessible.Event.Announcement, QAccessible.Event.Alert)
TEXT_EVENTS = (
    QAccessible.Event.TextInserted,
    QAccessible.Event.TextRemoved,
    QAccessible.Event.TextUpdated,
)


def hidden_label_texts(top: QWidget) -> list[str]:
    """Visible labels whose own text their accessible name does not carry."""
    problems = []
    for label in top.findChildren(QLabel):
        text = " ".join(plain(label.text()).split())
        if not label.isVisible() or not text:
            continue
        interface = QAccessible.queryAccessibleInterface(label)
        name = " ".join(interface.text(QAccessible.Text.Name).split())
        if text not in name:
            problems.append(f"{label.objectName() or text!r} reads as {name!r}")
    return problems


def report_outcome(qtbot: QtBot) -> ReportLostDialog:
    """The lost-password dialog's last page, with Noomus's phone number and e-mail address."""
    account = offline_account()
    account.build = CONTACT_BUILD
    dialog = ReportLostDialog(account, "alice")
    qtbot.addWidget(dialog)
    show_at_natural_size(qtbot, dialog)
    dialog.report_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=10_000)
    return dialog


def test_every_label_exposes_its_own_text(qtbot: QtBot) -> None:
    """Sign-in error, banner, status line, header, the lost-password outcome with contacts."""
    window = busy_main_window(qtbot)
    show_at_natural_size(qtbot, window)
    sign_in = SignInDialog(offline_account())
    qtbot.addWidget(sign_in)
    sign_in.show_error("invalid_credentials")
    show_at_natural_size(qtbot, sign_in)
    outcome = report_outcome(qtbot)
    assert "+358 1 234 5678" in outcome.outcome.text()
    problems = [*hidden_label_texts(window), *hidden_label_texts(sign_in)]
    problems += hidden_label_texts(outcome)
    assert not problems, "\n".join(problems)


def test_tab_leaves_the_transfer_table_with_rows(qtbot: QtBot) -> None:
    window = busy_main_window(qtbot)
    show_at_natural_size(qtbot, window)
    window.activateWindow()
    assert window.model.rowCount() > 3
    window.table.setFocus()
    window.table.setCurrentIndex(window.model.index(1, 0))
    qtbot.waitUntil(window.table.hasFocus)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert not window.table.hasFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    assert not window.table.hasFocus(), "Shift+Tab is trapped too"


def _open_menu(qtbot: QtBot) -> QMenu:
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    return menu


@pytest.mark.qt_log_ignore(
    "does not support grabbing the keyboard",
    "does not support propagateSizeHints",
    "does not support raise",
)
def test_the_keyboard_context_menu_acts_on_the_current_row(qtbot: QtBot) -> None:
    """The Menu key (or Shift+F10) on row 2 acts on row 2.

    Qt turns the key into this context menu event, at the centre of the current cell as the
    focused widget reports it (its input-method cursor rectangle); offscreen, QTest cannot go
    through the platform's key handling, so the test sends the event Qt would."""
    window = busy_main_window(qtbot)
    show_at_natural_size(qtbot, window)
    window.activateWindow()
    window.table.setFocus()
    second = window.model.row_at(1)  # "Preparing": it can be paused
    window.table.setCurrentIndex(window.model.index(1, 0))
    where = window.table.inputMethodQuery(Qt.InputMethodQuery.ImCursorRectangle).center()
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Keyboard, where, window.table.mapToGlobal(where)
    )
    QApplication.sendEvent(window.table, event)
    menu = _open_menu(qtbot)
    with qtbot.waitSignal(window.row_action, timeout=2000) as asked:
        window.row_actions[RowAction.PAUSE].trigger()
    menu.close()
    assert asked.args == [RowAction.PAUSE, second.transfer_id]
    assert window.current_row() == second


def test_a_failed_sign_in_is_announced(qtbot: QtBot) -> None:
    dialog = SignInDialog(offline_account())
    qtbot.addWidget(dialog)
    show_at_natural_size(qtbot, dialog)
    dialog.prefill("alice", "wrong")
    with listening() as heard:
        dialog.sign_in_button.click()
        qtbot.waitUntil(lambda: dialog.error.text() != dialog.tr("Signing in..."), timeout=10_000)
        qtbot.waitUntil(lambda: bool(heard.texts(QAccessible.Event.Announcement)))
    assert dialog.error.text() in heard.texts(QAccessible.Event.Announcement)
    assert QAccessible.Event.Alert in heard.kinds()


def _record(state: TransferState, code: str | None) -> TransferRecord:
    now = time.time()
    return TransferRecord(
        7,
        "batch",
        "https://noomus.example",
        "/tmp/contract.pdf",
        "contract.pdf",
        10,
        0,
        None,
        state,
        None,
        0,
        10,
        code,
        None,
        None,
        1,
        now,
        now,
    )


def test_a_failed_row_is_announced(qtbot: QtBot, make_controller: object) -> None:
    controller: AppController = make_controller("http://127.0.0.1:9")  # type: ignore[operator]
    controller.bridge.added.emit([_record(TransferState.UPLOADING, None)])
    with listening() as heard:
        controller.bridge.changed.emit([_record(TransferState.FAILED, "file_changed")])
        qtbot.waitUntil(lambda: bool(heard.texts(QAccessible.Event.Announcement)))
    said = " ".join(heard.texts(QAccessible.Event.Announcement))
    assert "contract.pdf" in said
    assert QAccessible.Event.Alert in heard.kinds()


def test_typed_password_characters_never_reach_the_accessibility_bus(qtbot: QtBot) -> None:
    dialog = SignInDialog(offline_account())
    qtbot.addWidget(dialog)
    show_at_natural_size(qtbot, dialog)
    secret = "Kx7#qv"
    with listening() as heard:
        qtbot.keyClicks(dialog.password, secret)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Backspace)
        qtbot.keyClicks(dialog.password, "Z")
        dialog.password.set_password("prefilled-secret")
    assert heard.texts(*TEXT_EVENTS), "no text events at all: the recorder is not listening"
    leaked = [t for t in heard.texts(*TEXT_EVENTS) if set(t) & set(secret + "Zprefilled")]
    assert not leaked, leaked
    assert dialog.password.password() == "prefilled-secret"


def test_the_password_box_edits_like_any_other(qtbot: QtBot) -> None:
    dialog = SignInDialog(offline_account())
    qtbot.addWidget(dialog)
    box = dialog.password
    qtbot.keyClicks(box, "abcd")
    qtbot.keyClick(box, Qt.Key.Key_Left)
    qtbot.keyClick(box, Qt.Key.Key_Backspace)  # the "c"
    qtbot.keyClick(box, Qt.Key.Key_Delete)  # the "d"
    qtbot.keyClicks(box, "X")
    assert box.password() == "abX"
    QApplication.clipboard().setText("pasted")
    box.selectAll()
    qtbot.keyClick(box, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert box.password() == "pasted"
    assert box.text() != "pasted"


class _UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url.toString())


@pytest.fixture
def opened_urls() -> Iterator[list[str]]:
    catcher = _UrlCatcher()
    QDesktopServices.setUrlHandler("https", catcher, "open")  # type: ignore[arg-type]
    yield catcher.opened
    QDesktopServices.unsetUrlHandler("https")


def test_request_a_user_id_is_a_button_enter_opens(qtbot: QtBot, opened_urls: list[str]) -> None:
    dialog = SignInDialog(offline_account())
    qtbot.addWidget(dialog)
    show_at_natural_size(qtbot, dialog)
    dialog.activateWindow()
    link = dialog.request_link
    link.setFocus()
    qtbot.waitUntil(link.hasFocus)
    qtbot.keyClick(link, Qt.Key.Key_Return)
    assert opened_urls and opened_urls[0].startswith("https://")
    assert dialog.error.isHidden(), "Enter signed in instead"


def test_enter_in_the_note_does_not_lock_the_account(qtbot: QtBot) -> None:
    """Enter in the note sends nothing. A report would have shown at once, within the key
    press: ``submit`` disables the buttons and says "Sending the report..." before its
    request goes to the background. So the check follows the key press directly (it waited
    300 ms, and a slower machine could pass it even had Enter reported)."""
    dialog = ReportLostDialog(offline_account(), "alice")
    qtbot.addWidget(dialog)
    show_at_natural_size(qtbot, dialog)
    dialog.activateWindow()
    dialog.note.setFocus()
    qtbot.waitUntil(dialog.note.hasFocus)
    qtbot.keyClicks(dialog.note, "call me")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    assert dialog.buttons.isEnabled(), "Enter sent the report"
    assert dialog.problem.isHidden(), dialog.problem.text()
    assert dialog.pages.currentIndex() == 0 and dialog.isVisible()


def test_the_drop_zone_is_a_pressable_button_that_shows_focus(qtbot: QtBot) -> None:
    zone = DropZone()
    qtbot.addWidget(zone)
    interface = QAccessible.queryAccessibleInterface(zone)
    assert interface.role() == QAccessible.Role.Button
    actions = interface.actionInterface()
    assert actions is not None and actions.pressAction() in actions.actionNames()
    with qtbot.waitSignal(zone.activated, timeout=1000):
        actions.doAction(actions.pressAction())


def test_a_row_being_sent_says_its_state_and_time_left(qtbot: QtBot) -> None:
    window = busy_main_window(qtbot)
    model = window.model
    position = next(
        n for n in range(model.rowCount()) if model.row_at(n).state is TransferState.UPLOADING
    )
    text = model.index(position, Column.STATUS).data()
    assert "Sending" in text and "minute" in text, text


def test_a_failed_row_is_short_its_tooltip_whole(qtbot: QtBot) -> None:
    window = busy_main_window(qtbot)
    model = window.model
    position = next(
        n for n in range(model.rowCount()) if model.row_at(n).state is TransferState.FAILED
    )
    index = model.index(position, Column.STATUS)
    shown, whole = index.data(), index.data(Qt.ItemDataRole.ToolTipRole)
    assert len(shown) < 30 < len(whole), (shown, whole)
    assert index.data(Qt.ItemDataRole.AccessibleTextRole) == whole
    assert isinstance(model.row_at(position), TransferRow)
