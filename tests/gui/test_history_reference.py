"""History gives each delivery the reference Noomus knows it by ("#42"), with a Copy action,
so the customer can quote it. Real widgets offscreen, a real delivery to the real extranet."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from noomus_desktop.ui.controller import AppController
from noomus_desktop.ui.history_reference import COLUMN
from tests.gui.conftest import sign_in
from tests.helpers import agecli
from tests.helpers.server import RunningExtranet

pytestmark = agecli.requires_age


def test_history_shows_and_copies_the_delivery_reference(
    qtbot: QtBot,
    make_controller: Callable[..., AppController],
    extranet: RunningExtranet,
    tmp_path: Path,
) -> None:
    controller = make_controller(extranet.url)
    sign_in(qtbot, controller, extranet)
    history, references = controller.window.history, controller.history_references
    assert not references.copy_action.isEnabled()  # nothing to copy yet
    document = tmp_path / "invoice.pdf"
    document.write_bytes(b"%PDF-1.7 an invoice")
    controller.add_paths([str(document)])
    qtbot.waitUntil(lambda: history.rowCount() == 1 and history.item(0, COLUMN) is not None)

    [delivery] = controller.account.deliveries()  # what the server calls it
    item = history.item(0, COLUMN)
    assert item is not None and item.text() == f"#{delivery.id}"
    header = history.horizontalHeaderItem(COLUMN)
    assert header is not None and header.text() == "Reference"
    assert history.contextMenuPolicy() is Qt.ContextMenuPolicy.ActionsContextMenu
    assert references.copy_action in history.actions()

    QApplication.clipboard().clear()
    history.setFocus()
    history.setCurrentCell(0, 0)
    assert references.copy_action.isEnabled()
    qtbot.keyClick(history, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == f"#{delivery.id}"
