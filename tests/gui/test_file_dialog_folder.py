"""The file choosers open in the folder the customer last chose from, also after a restart
(kept in the app's settings file, not in the queue). Real widgets offscreen: Qt's own file
dialog, answered as a user would, from a timer while it runs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit
from pytestqt.qtbot import QtBot

from noomus_desktop.core.config import load_settings
from noomus_desktop.ui.controller import AppController

Factory = Callable[..., AppController]


def _answer(pick: Path, opened_in: list[str]) -> QTimer:
    """When the next file dialog opens: note in ``opened_in`` the folder it opened in, and
    choose ``pick`` (typed in its name box). The caller keeps the timer alive meanwhile."""
    timer = QTimer()
    timer.setInterval(50)

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QFileDialog):
            timer.stop()
            opened_in.append(dialog.directory().absolutePath())
            # Typed into the name box: a selection made in code waits on the file model.
            name_box = dialog.findChild(QLineEdit, "fileNameEdit")
            assert name_box is not None
            name_box.setText(str(pick))
            dialog.accept()

    timer.timeout.connect(answer)
    timer.start()
    return timer


def test_the_file_choosers_remember_the_last_folder(
    qtbot: QtBot, make_controller: Factory, tmp_path: Path
) -> None:
    reports, photos = tmp_path / "Reports", tmp_path / "Photos" / "2026"
    reports.mkdir()
    photos.mkdir(parents=True)
    (reports / "q3.pdf").write_bytes(b"%PDF")
    controller = make_controller("http://127.0.0.1:9")
    window = controller.window

    seen: list[str] = []
    timer = _answer(reports / "q3.pdf", seen)
    window.choose_files()
    assert len(seen) == 1 and Path(seen[0]) != reports  # the first time: wherever Qt starts
    assert controller.pending_paths == [str(reports / "q3.pdf")]
    qtbot.waitUntil(lambda: load_settings().last_folder == str(reports), timeout=5_000)

    seen.clear()
    timer = _answer(photos, seen)
    window.choose_folder()
    assert [Path(p) for p in seen] == [reports]  # opened where the file was chosen
    assert controller.pending_paths[-1] == str(photos)
    qtbot.waitUntil(lambda: load_settings().last_folder == str(photos.parent), timeout=5_000)

    # After a restart, from the settings file.
    restarted = make_controller("http://127.0.0.1:9", last_folder=load_settings().last_folder)
    seen.clear()
    timer = _answer(reports / "q3.pdf", seen)
    restarted.window.choose_files()
    assert [Path(p) for p in seen] == [photos.parent]
    assert not timer.isActive()
