"""Dropping files and folders, watching them to "Delivered and verified", and the row actions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from noomus_desktop.core.queue import TransferState
from noomus_desktop.ui import messages
from noomus_desktop.ui.controller import AppController
from noomus_desktop.ui.notifier import Notification
from noomus_desktop.ui.row_actions import RowAction
from tests.gui.conftest import sign_in
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.server import RunningExtranet

Factory = Callable[..., AppController]
DONE = messages.state_text(TransferState.DONE)
PAUSED = messages.state_text(TransferState.PAUSED)


def drag_enter(position: QPoint, mime: QMimeData) -> QDragEnterEvent:
    """A drag entering at ``position``: PySide6 6.12 takes it as QPointF (QPoint deprecated),
    earlier releases only as QPoint; pyproject.toml allows both (6.12.0 itself excluded)."""
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    action = Qt.DropAction.CopyAction
    event: Any = QDragEnterEvent  # the stubs of one release reject the other's position type
    try:
        return cast(QDragEnterEvent, event(QPointF(position), action, mime, buttons, modifiers))
    except TypeError:
        return cast(QDragEnterEvent, event(position, action, mime, buttons, modifiers))


def drop(widget: object, paths: list[Path]) -> None:
    """A real drag-enter + drop sequence carrying file URLs, as a file manager sends it."""
    from PySide6.QtWidgets import QWidget

    assert isinstance(widget, QWidget)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    centre = widget.rect().center()
    enter = drag_enter(centre, mime)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    event = QDropEvent(
        QPointF(centre),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)
    assert event.isAccepted()


def states(controller: AppController) -> dict[str, str]:
    """File name -> what the status column says."""
    model = controller.model
    return {model.row_at(i).name: str(model.index(i, 4).data()) for i in range(model.rowCount())}


def state_of(controller: AppController, name: str) -> TransferState:
    model = controller.model
    return next(
        model.row_at(i).state for i in range(model.rowCount()) if model.row_at(i).name == name
    )


def select(controller: AppController, name: str) -> None:
    model = controller.model
    row = next(i for i in range(model.rowCount()) if model.row_at(i).name == name)
    controller.window.table.setCurrentIndex(model.index(row, 0))


def test_dropped_files_and_folder_are_delivered(
    qtbot: QtBot, make_controller: Factory, extranet: RunningExtranet, tmp_path: Path
) -> None:
    single = tmp_path / "report.pdf"
    single.write_bytes(b"%PDF pretend " * 5000)
    folder = tmp_path / "accounts"
    (folder / "2024").mkdir(parents=True)
    (folder / "2024" / "ledger.csv").write_text("a,b\n1,2\n")
    (folder / "notes.txt").write_text("hello")
    controller = make_controller(extranet.url)
    shown: list[Notification] = []
    controller.notifier.shown.connect(shown.append)
    sign_in(qtbot, controller, extranet)

    drop(controller.window.drop_zone, [single, folder])

    qtbot.waitUntil(lambda: controller.model.rowCount() == 3, timeout=20_000)
    qtbot.waitUntil(lambda: set(states(controller).values()) == {DONE}, timeout=30_000)
    assert set(states(controller)) == {
        "report.pdf",
        "accounts/2024/ledger.csv",
        "accounts/notes.txt",
    }
    # One notification for the batch, never one per file; no tray here, so it shows in the window.
    qtbot.waitUntil(lambda: len(shown) == 1)
    assert "3" in shown[0].message and shown[0].channel == "window"
    assert controller.window.banner.text() == shown[0].message
    qtbot.waitUntil(lambda: controller.window.history.rowCount() == 3)
    assert controller.window.status_line.text().startswith("3 of 3")
    # What Noomus received is what was dropped (the staff decrypt it with their key).
    assert len(extranet.admin("deliveries", "list").strip().splitlines()) >= 3


def test_notifications_switch_really_silences(
    qtbot: QtBot, make_controller: Factory, extranet: RunningExtranet, tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_text("a")
    controller = make_controller(extranet.url)
    shown: list[Notification] = []
    controller.notifier.shown.connect(shown.append)
    controller.window.notifications_action.setChecked(False)
    sign_in(qtbot, controller, extranet)
    drop(controller.window.drop_zone, [tmp_path / "a.txt"])
    qtbot.waitUntil(lambda: controller.window.history.rowCount() == 1, timeout=30_000)
    assert shown == []
    assert not controller.window.banner.isVisible()


def test_tray_shows_the_batch_notification(
    qtbot: QtBot, make_controller: Factory, extranet: RunningExtranet, tmp_path: Path
) -> None:
    for name in ("one.txt", "two.txt"):
        (tmp_path / name).write_text(name)
    controller = make_controller(extranet.url, tray=True)
    assert controller.tray is not None
    sign_in(qtbot, controller, extranet)
    with qtbot.waitSignal(controller.notifier.shown, timeout=30_000) as blocker:
        controller.add_paths([str(tmp_path / "one.txt"), str(tmp_path / "two.txt")])
    notification = blocker.args[0]
    assert isinstance(notification, Notification)
    assert notification.message.startswith("2 file")
    assert notification.channel == "tray"


@pytest.fixture
def slow_link(extranet: RunningExtranet) -> Iterator[FaultProxy]:
    """The extranet behind a 256 kB/s link, so uploads last long enough to act on them."""
    with FaultProxy(("127.0.0.1", extranet.port)) as proxy:
        proxy.bandwidth = 256 * 1024
        yield proxy


def test_pause_resume_cancel_and_retry(
    qtbot: QtBot,
    make_controller: Factory,
    extranet: RunningExtranet,
    slow_link: FaultProxy,
    tmp_path: Path,
) -> None:
    for name in ("big-1.bin", "big-2.bin"):
        (tmp_path / name).write_bytes(b"x" * 3 * 1024 * 1024)
    vanishing = tmp_path / "vanishing.txt"
    vanishing.write_text("soon gone")
    controller = make_controller(slow_link.url)
    sign_in(qtbot, controller, extranet)
    window = controller.window
    window.show()
    controller.add_paths([str(tmp_path / "big-1.bin"), str(tmp_path / "big-2.bin")])
    qtbot.waitUntil(lambda: controller.model.rowCount() == 2, timeout=20_000)

    # Pause a row while it is sending (the same action as its shortcut and context menu).
    select(controller, "big-1.bin")
    qtbot.waitUntil(
        lambda: state_of(controller, "big-1.bin") is TransferState.UPLOADING, timeout=20_000
    )
    qtbot.waitUntil(lambda: window.row_actions[RowAction.PAUSE].isEnabled())
    window.row_actions[RowAction.PAUSE].trigger()
    qtbot.waitUntil(lambda: states(controller)["big-1.bin"] == PAUSED)

    # Cancel through the same actions the context menu shows.
    # Cancel asks first; nothing happens before the answer.
    select(controller, "big-2.bin")
    window.row_actions[RowAction.CANCEL].trigger()
    box = window.cancel_box
    assert box is not None and "big-2.bin" in box.text()
    cancelled = messages.state_text(TransferState.CANCELLED)
    assert states(controller)["big-2.bin"] != cancelled
    (stop,) = [b for b in box.buttons() if box.buttonRole(b) is QMessageBox.ButtonRole.AcceptRole]
    stop.click()
    qtbot.waitUntil(lambda: states(controller)["big-2.bin"] == cancelled)

    select(controller, "big-1.bin")
    window.row_actions[RowAction.RESUME].trigger()
    qtbot.waitUntil(lambda: states(controller)["big-1.bin"] != PAUSED)
    slow_link.bandwidth = None
    qtbot.waitUntil(lambda: states(controller)["big-1.bin"] == DONE, timeout=30_000)

    # A file that disappears while paused fails with advice; retry sends it once it is back.
    slow_link.bandwidth = 1  # nothing gets through: the new file waits in a pausable state
    controller.add_paths([str(vanishing)])
    qtbot.waitUntil(lambda: "vanishing.txt" in states(controller), timeout=20_000)
    select(controller, "vanishing.txt")
    qtbot.waitUntil(lambda: window.row_actions[RowAction.PAUSE].isEnabled(), timeout=20_000)
    window.row_actions[RowAction.PAUSE].trigger()
    qtbot.waitUntil(
        lambda: state_of(controller, "vanishing.txt") is TransferState.PAUSED, timeout=20_000
    )
    vanishing.unlink()
    slow_link.bandwidth = None
    window.row_actions[RowAction.RESUME].trigger()
    qtbot.waitUntil(
        lambda: state_of(controller, "vanishing.txt") is TransferState.FAILED, timeout=30_000
    )
    missing = messages.row_state_text(TransferState.FAILED, "file_missing")
    assert states(controller)["vanishing.txt"] == missing
    vanishing.write_text("back again")
    select(controller, "vanishing.txt")
    assert window.row_actions[RowAction.RETRY].isEnabled()
    window.row_actions[RowAction.RETRY].trigger()
    qtbot.waitUntil(lambda: states(controller)["vanishing.txt"] == DONE, timeout=30_000)

    # A cancelled file can be sent after all.
    select(controller, "big-2.bin")
    assert window.row_actions[RowAction.RETRY].isEnabled()
    window.row_actions[RowAction.RETRY].trigger()
    qtbot.waitUntil(lambda: states(controller)["big-2.bin"] == DONE, timeout=30_000)

    # Finished rows leave the list: one by Remove, the rest by Clear finished; for good.
    select(controller, "big-1.bin")
    window.row_actions[RowAction.REMOVE].trigger()
    assert "big-1.bin" not in states(controller)
    assert window.clear_finished_button.isEnabled()
    window.clear_finished_button.click()
    assert states(controller) == {}
    store = controller.store
    assert store is not None
    qtbot.waitUntil(lambda: store.transfers() == [], timeout=10_000)
    qtbot.waitUntil(lambda: window.history.rowCount() == 3)  # History keeps the deliveries


def test_drop_zone_ignores_drags_without_local_files(qtbot: QtBot) -> None:
    from noomus_desktop.ui.drop_zone import DropZone

    zone = DropZone()
    qtbot.addWidget(zone)
    mime = QMimeData()
    mime.setText("just text")
    event = drag_enter(QPoint(5, 5), mime)
    QApplication.sendEvent(zone, event)
    assert not event.isAccepted()


def test_drop_zone_opens_the_chooser_with_enter_and_space(qtbot: QtBot) -> None:
    from noomus_desktop.ui.drop_zone import DropZone

    zone = DropZone()
    qtbot.addWidget(zone)
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Space):
        with qtbot.waitSignal(zone.activated, timeout=1000):
            qtbot.keyClick(zone, key)
    assert zone.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert zone.accessibleName()
