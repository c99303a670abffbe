"""Background tasks report back on the GUI thread, and a bug never leaves a window waiting."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from noomus_desktop.core.errors import NoomusError
from noomus_desktop.ui.tasks import run_in_background


def _run(qtbot: QtBot, call: object) -> tuple[str, object, bool]:
    owner = QObject()
    outcome: list[tuple[str, object, bool]] = []
    gui = threading.current_thread()

    def ok(result: object) -> None:
        outcome.append(("ok", result, threading.current_thread() is gui))

    def failed(error: NoomusError) -> None:
        outcome.append(("failed", error, threading.current_thread() is gui))

    run_in_background(call, ok, failed, owner)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: bool(outcome), timeout=5000)
    return outcome[0]


def test_result_arrives_on_the_gui_thread(qtbot: QtBot) -> None:
    worker: list[threading.Thread] = []

    def call() -> int:
        worker.append(threading.current_thread())
        return 42

    assert _run(qtbot, call) == ("ok", 42, True)
    assert worker[0] is not threading.current_thread()


def test_typed_errors_are_reported_as_they_are(qtbot: QtBot) -> None:
    def call() -> None:
        raise NoomusError("No network.", code="offline")

    kind, error, on_gui = _run(qtbot, call)
    assert (kind, on_gui) == ("failed", True)
    assert isinstance(error, NoomusError) and error.code == "offline"


def test_a_bug_is_logged_and_reported_as_internal_error(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    def call() -> None:
        raise ValueError("bug")

    with caplog.at_level(logging.ERROR, logger="noomus_desktop.ui.tasks"):
        kind, error, _on_gui = _run(qtbot, call)
    assert kind == "failed"
    assert isinstance(error, NoomusError) and error.code == "internal_error"
    assert any(r.exc_info and r.exc_info[0] is ValueError for r in caplog.records)
