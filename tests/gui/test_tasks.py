"""Background tasks report back on the GUI thread, and a bug never leaves a window waiting."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject
from pytestqt.qtbot import QtBot

from noomus_desktop.core.errors import NoomusError
from noomus_desktop.ui import tasks
from noomus_desktop.ui.tasks import run_in_background


def _run(qtbot: QtBot, call: Callable[[], object]) -> tuple[str, object, bool]:
    owner = QObject()
    outcome: list[tuple[str, object, bool]] = []
    gui = threading.current_thread()

    def ok(result: object) -> None:
        outcome.append(("ok", result, threading.current_thread() is gui))

    def failed(error: NoomusError) -> None:
        outcome.append(("failed", error, threading.current_thread() is gui))

    run_in_background(call, ok, failed, owner)
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
    # Logged with its kind, text and frames (core/unexpected.py), not as a raw traceback.
    assert any(
        "ValueError: bug" in r.getMessage() and "in call" in r.getMessage() for r in caplog.records
    )


def test_no_object_outlives_its_task(qtbot: QtBot) -> None:
    """Each call once left a signal object behind, alive as long as the window that asked."""
    owner = QObject()
    results: list[int] = []
    failures: list[NoomusError] = []

    def give(n: int) -> Callable[[], int]:
        return lambda: n

    for n in range(40):
        run_in_background(give(n), results.append, failures.append, owner)
    qtbot.waitUntil(lambda: len(results) == 40, timeout=10_000)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert sorted(results) == list(range(40)) and not failures
    assert owner.children() == []


def test_nobody_is_told_once_the_asker_is_gone(qtbot: QtBot) -> None:
    owner = QObject()
    release = threading.Event()
    told: list[object] = []
    run_in_background(lambda: release.wait(10), told.append, told.append, owner)
    shiboken6.delete(owner)
    release.set()
    qtbot.waitUntil(lambda: tasks.relay().pending() == 0, timeout=10_000)
    assert told == []
