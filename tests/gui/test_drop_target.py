"""The drop card reacts when files are dragged over it, and returns when they leave or drop.

Real drag events (``QDragEnterEvent``, ``QDragLeaveEvent``, ``QDropEvent`` with file URLs, as a
file manager sends them) to a real card, rendered into images: the accent outline and fill
appear on drag-enter and go on leave and on drop, the words change, and a screen reader is
told. A drag carrying no local files changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QAccessible, QDragEnterEvent, QDragLeaveEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from noomus_desktop.ui import look
from noomus_desktop.ui.drop_zone import DropZone
from tests.gui.a11y_events import listening
from tests.gui.test_look import count


def _files(tmp_path: Path) -> QMimeData:
    (tmp_path / "a.pdf").write_bytes(b"x")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "a.pdf"))])
    return mime


def _enter(zone: DropZone, mime: QMimeData) -> QDragEnterEvent:
    event = QDragEnterEvent(
        zone.rect().center(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(zone, event)
    return event


def _accent_pixels(zone: DropZone) -> int:
    image: QImage = zone.grab().toImage()
    return count(image, look.accent(zone.palette()), zone.rect())


def _zone(qtbot: QtBot) -> DropZone:
    zone = DropZone()
    qtbot.addWidget(zone)
    zone.resize(600, 160)
    zone.show()
    qtbot.waitExposed(zone)
    return zone


def test_the_card_lights_up_while_files_are_over_it(qtbot: QtBot, tmp_path: Path) -> None:
    zone = _zone(qtbot)
    resting, resting_title = _accent_pixels(zone), zone.title.text()

    assert _enter(zone, _files(tmp_path)).isAccepted()
    active = _accent_pixels(zone)
    # The outline all round (3 px) at least: the fill tints the whole card besides.
    assert active - resting >= 2 * (zone.width() + zone.height()), (resting, active)
    assert zone.title.text() != resting_title

    QApplication.sendEvent(zone, QDragLeaveEvent())
    assert _accent_pixels(zone) == resting
    assert zone.title.text() == resting_title


def test_a_drop_returns_the_card_and_delivers_the_files(qtbot: QtBot, tmp_path: Path) -> None:
    zone = _zone(qtbot)
    resting = _accent_pixels(zone)
    mime = _files(tmp_path)
    _enter(zone, mime)
    drop = QDropEvent(
        QPointF(zone.rect().center()),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(zone.paths_dropped, timeout=1000) as dropped:
        QApplication.sendEvent(zone, drop)
    assert dropped.args == [[tmp_path / "a.pdf"]]
    assert _accent_pixels(zone) == resting


def test_a_drag_without_files_changes_nothing(qtbot: QtBot) -> None:
    zone = _zone(qtbot)
    before = zone.grab().toImage()
    mime = QMimeData()
    mime.setText("just text")
    assert not _enter(zone, mime).isAccepted()
    assert zone.grab().toImage() == before


def test_a_screen_reader_hears_that_files_can_be_released(qtbot: QtBot, tmp_path: Path) -> None:
    zone = _zone(qtbot)
    with listening() as heard:
        _enter(zone, _files(tmp_path))
    assert zone.title.text() in heard.texts(QAccessible.Event.Announcement)
