"""The main window's own behaviour, without a server: the quit shortcut, which row actions are
offered, the status sentence and the overall progress bar, in English and Finnish."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAccessible, QColor, QIcon
from pytestqt.qtbot import QtBot

from noomus_desktop.core.queue import TransferState
from noomus_desktop.ui import messages
from noomus_desktop.ui.main_window import MainWindow, status_text
from noomus_desktop.ui.row_actions import RowAction
from noomus_desktop.ui.transfer_model import Column, QueueSummary, TransferModel, TransferRow
from tests.gui.test_i18n import Speaking, compiled_translations, speak

__all__ = ["compiled_translations", "speak"]  # fixtures shared with the i18n tests


def window_with(qtbot: QtBot, *states: TransferState) -> MainWindow:
    model = TransferModel()
    window = MainWindow(model)
    qtbot.addWidget(window)
    model.add_rows(
        TransferRow(n, f"file-{n}.pdf", f"/tmp/file-{n}.pdf", 1000, state)
        for n, state in enumerate(states, start=1)
    )
    model.flush()
    return window


def summary(**counts: Any) -> QueueSummary:
    """A queue summary: zero except for ``counts``."""
    return dataclasses.replace(QueueSummary(0, 0, 0, 0, 0, 0, 0, 0.0), **counts)


def test_ctrl_q_quits_on_every_platform(qtbot: QtBot) -> None:
    """A real key press; not QKeySequence.Quit, which the Windows key scheme leaves empty."""
    window = window_with(qtbot)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    with qtbot.waitSignal(window.quit_requested, timeout=2_000):
        qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)


@pytest.mark.parametrize(
    ("state", "offered"),
    [
        (TransferState.UPLOADING, {RowAction.PAUSE, RowAction.CANCEL}),
        (TransferState.PAUSED, {RowAction.RESUME, RowAction.CANCEL}),
        (TransferState.FAILED, {RowAction.RETRY, RowAction.REMOVE}),
        (TransferState.CANCELLED, {RowAction.RETRY, RowAction.REMOVE}),
        (TransferState.DONE, {RowAction.REMOVE}),
    ],
)
def test_row_actions_offered_for_each_state(
    qtbot: QtBot, state: TransferState, offered: set[RowAction]
) -> None:
    """A failed transfer is already given up: Cancel would do nothing, Retry is the way on."""
    window = window_with(qtbot, state)
    window.table.selectRow(0)
    enabled = {name for name, action in window.row_actions.items() if action.isEnabled()}
    assert enabled == offered


@pytest.mark.parametrize(
    ("language", "counts", "expected"),
    [
        ("en", {}, "Nothing to send yet."),
        ("fi", {"total": 1, "done": 0}, "0/1 tiedosto lähetetty."),
        (
            "fi",
            {"total": 5, "done": 2, "active": 1, "bytes_left": 10, "failed": 2},
            "2/5 tiedostoa lähetetty, lähetetään... 2 tiedostoa jäi lähettämättä.",
        ),
        (
            "sv",
            {"total": 3, "done": 1, "paused": 1, "failed": 1},
            "1 av 3 filer skickade. 1 fil kunde inte skickas. 1 fil pausad.",
        ),
    ],
)
def test_status_line_is_whole_translated_sentences(
    speak: Callable[[str, float], Speaking],
    language: str,
    counts: dict[str, Any],
    expected: str,
) -> None:
    speak(language, 1.0)
    assert status_text(summary(**counts)) == expected


def test_status_line_with_time_left_keeps_the_translated_word_order(
    speak: Callable[[str, float], Speaking],
) -> None:
    speak("fi", 1.0)
    text = status_text(summary(total=4, done=1, active=1, bytes_left=120, speed=1.0))
    assert text.startswith("1/4 tiedostoa lähetetty, ") and text.endswith(" jäljellä."), text


@pytest.mark.parametrize(
    ("language", "left"), [("en", "more than a day"), ("fi", "yli vuorokausi")]
)
def test_a_crawling_link_gives_no_absurd_estimate(
    speak: Callable[[str, float], Speaking], language: str, left: str
) -> None:
    """A few bytes a second over 10,000 files: years left (once, an OverflowError)."""
    speak(language, 1.0)
    for speed in (1e-9, 0.5):
        crawling = summary(total=10_000, active=10_000, bytes_left=160 * 10**9, speed=speed)
        text = status_text(crawling)
        assert left in text, text


@pytest.mark.parametrize(
    ("language", "shown"), [("en", "45%"), ("fi", "45\u00a0%"), ("sv", "45\u00a0%")]
)
def test_overall_progress_is_spoken_and_shown_as_a_percentage(
    qtbot: QtBot, speak: Callable[[str, float], Speaking], language: str, shown: str
) -> None:
    speak(language, 1.0)
    window = window_with(qtbot)
    window.show()
    window.show_summary(summary(total=2, done=1, active=1, batch_done=45, batch_total=100))
    assert window.overall.text() == shown
    interface = QAccessible.queryAccessibleInterface(window.overall)
    assert interface is not None
    assert interface.text(QAccessible.Text.Value) == "45"


def _row(n: int, state: TransferState, size: int, sent: int, batch: str) -> TransferRow:
    return TransferRow(
        n, f"f{n}.bin", f"/tmp/f{n}.bin", size, state, sent=sent, total=size, batch=batch
    )


def test_a_paused_large_file_keeps_overall_progress_below_100(qtbot: QtBot) -> None:
    """Four small files delivered, a 4.3 GB file paused at 10 %: far from done, and paused."""
    window = window_with(qtbot)
    window.set_user("Alice Tester", "Acme Oy")
    model = window.model
    big = 4_300_000_000
    model.add_rows([_row(n, TransferState.DONE, 1000, 1000, "b") for n in range(1, 5)])
    model.add_rows([_row(5, TransferState.PAUSED, big, big // 10, "b")])
    model.flush()
    window.show_summary(model.summary())
    assert window.overall.value() == 10
    assert "Paused" in window.headline_text()
    # Even one byte short of the end is not 100 %.
    model.set_progress(5, big - 1, big, 0.0, None)
    window.show_summary(model.summary())
    assert window.overall.value() == 99


def test_a_new_batch_starts_at_zero(qtbot: QtBot) -> None:
    """Files delivered earlier do not count towards the next drop's progress."""
    window = window_with(qtbot)
    model = window.model
    model.add_rows([_row(n, TransferState.DONE, 5000, 5000, "old") for n in range(1, 4)])
    model.add_rows([_row(9, TransferState.QUEUED, 1000, 0, "new")])
    model.flush()
    window.show_summary(model.summary())
    assert window.overall.value() == 0
    model.set_progress(9, 500, 1000, 100.0, 5.0)
    window.show_summary(model.summary())
    assert window.overall.value() == 50


@pytest.mark.parametrize(
    ("counts", "signed_in", "attention", "expected"),
    [
        ({}, False, None, "Not signed in"),
        ({"total": 1, "paused": 1}, False, None, "Not signed in — 1 file(s) waiting to be sent"),
        (
            {"total": 2, "active": 2, "bytes_left": 40_000, "speed": 1000.0},
            True,
            None,
            "Sending 2 file(s) — less than a minute left",
        ),
        (
            {"total": 2, "active": 1, "retrying": 1},
            True,
            None,
            "Waiting for the connection — files go out when it is back",
        ),
        ({"total": 2, "active": 1}, True, "account_locked", "Account locked — contact Noomus"),
        ({"total": 3, "done": 2, "failed": 1}, True, None, "1 file(s) could not be sent"),
        ({"total": 3, "done": 3}, True, None, "All delivered ✓"),
        ({}, True, None, "Nothing to send yet"),
    ],
)
def test_the_header_says_who_and_what_in_one_sentence(
    qtbot: QtBot, counts: dict[str, Any], signed_in: bool, attention: str | None, expected: str
) -> None:
    """English shows "file(s)" until an English catalogue gives it plural forms (i18n)."""
    window = window_with(qtbot)
    window.set_user("Alice Andersson" if signed_in else None, "Acme Oy")
    window.attention = attention
    window.show_summary(summary(**counts))
    assert window.headline_text() == expected
    who = window.header.user_label.text()
    assert who == ("Alice Andersson · Acme Oy" if signed_in else "Not signed in")
    assert window.header.sign_in_button.isVisibleTo(window) is not signed_in


def test_each_state_has_its_own_glyph_and_problems_their_colour(qtbot: QtBot) -> None:
    window = window_with(qtbot, *TransferState)
    model = window.model
    images = set()
    for n, state in enumerate(TransferState):
        icon = model.index(n, Column.STATUS).data(Qt.ItemDataRole.DecorationRole)
        assert isinstance(icon, QIcon) and not icon.isNull(), state
        images.add(bytes(icon.pixmap(16, 16).toImage().constBits()))
        assert model.index(n, Column.STATUS).data()  # and always words beside it
    # Queued and preparing... share "waiting"/"sending" glyphs; the rest each have their own.
    assert len(images) >= 7
    failed = model.index(list(TransferState).index(TransferState.FAILED), Column.STATUS)
    red = failed.data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(red, QColor) and red.red() > red.green() + 60


def test_the_row_being_sent_is_scrolled_into_view(qtbot: QtBot) -> None:
    states = [TransferState.DONE] * 150 + [TransferState.UPLOADING] + [TransferState.QUEUED] * 49
    window = window_with(qtbot, *states)
    window.resize(720, 520)
    window.show()
    qtbot.waitExposed(window)
    index = window.model.index(150, 0)
    viewport = window.table.viewport().rect()
    assert not window.table.visualRect(index).intersects(viewport)
    window.keep_sending_row_in_view()
    assert viewport.contains(window.table.visualRect(index))


def test_a_problem_wraps_inside_its_row(qtbot: QtBot) -> None:
    window = window_with(qtbot, TransferState.QUEUED, TransferState.QUEUED)
    window.resize(720, 520)
    window.show()
    model = window.model
    model.update_row(
        TransferRow(2, "file-2.pdf", "/tmp/file-2.pdf", 1000, TransferState.FAILED, "file_changed")
    )
    model.flush()
    window.fit_row(2)
    table = window.table
    # The row says a few words ("Failed: file changed"); the whole sentence is its tooltip and
    # what a screen reader reads (issue 18), and the row is tall enough for what it shows.
    status = model.index(1, Column.STATUS)
    whole = status.data(Qt.ItemDataRole.ToolTipRole)
    assert messages.error_text("file_changed") in whole
    assert status.data(Qt.ItemDataRole.AccessibleTextRole) == whole
    wrapped = table.fontMetrics().boundingRect(
        QRect(0, 0, table.columnWidth(Column.STATUS) - 24, 0),
        Qt.TextFlag.TextWordWrap,
        status.data(),
    )
    assert table.rowHeight(1) >= wrapped.height()
