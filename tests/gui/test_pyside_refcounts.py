"""The Qt binding keeps Python's reference counts: a binding that drops one reference to None
per call (PySide6 6.12.0 on CPython 3.11, where None is not immortal) makes the app, and a
single-process ``pytest tests/gui``, abort with ``Fatal Python error: none_dealloc`` or
``bool_dealloc`` once enough calls have been made. pyproject.toml excludes that release."""

from __future__ import annotations

import sys

from PySide6.QtCore import QModelIndex, QStringListModel
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

CALLS = 200


def test_setters_keep_none_alive(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        label.setText("x")
    # Other threads may hold or drop a few references meanwhile; one per call is the bug.
    assert sys.getrefcount(None) > before - CALLS // 2


def test_model_data_returning_none_keeps_none_alive() -> None:
    model = QStringListModel(["a"])
    index = model.index(0, 0, QModelIndex())
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        index.data(12345)  # a role nobody answers: None
    assert sys.getrefcount(None) > before - CALLS // 2
