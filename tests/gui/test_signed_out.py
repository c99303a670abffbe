"""Signed out, the queue stays in view: unfinished files show, marked "Waiting for sign-in"."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from noomus_desktop.core.queue import TransferState, TransferStore
from noomus_desktop.core.scan import ScannedFile
from noomus_desktop.ui.controller import AppController
from noomus_desktop.ui.transfer_model import Column
from tests.helpers.server import RunningExtranet

Factory = Callable[..., AppController]


def test_pending_rows_show_while_signed_out(
    qtbot: QtBot, make_controller: Factory, extranet: RunningExtranet, tmp_path: Path
) -> None:
    """An upload at 80 % when the app was closed, and nobody signed in yet at the restart."""
    store = TransferStore()
    files = [
        ScannedFile(str(tmp_path / name), name, 1000, 1)
        for name in ("big.iso", "sent.pdf", "elsewhere.pdf")
    ]
    big, sent = store.add("b1", f"{extranet.url}/api/uploads/", files[:2])
    store.add("b2", "https://other.example/files/", files[2:])
    store.update(big.id, state=TransferState.UPLOADING, offset=800, total=1000)
    store.update(sent.id, state=TransferState.DONE, offset=1000, total=1000)
    store.close()

    controller = make_controller(extranet.url)
    controller.start()
    assert controller.sign_in_dialog is not None
    model = controller.model
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=10_000)
    row = model.row_at(0)
    assert row.name == "big.iso"
    assert model.index(0, Column.STATUS).data() == "Waiting for sign-in"
    assert controller.window.headline_text().startswith("Not signed in — 1 file")
    # The status line tells the same truth: nothing is being sent until a sign-in.
    status = controller.window.status_line.text()
    assert "waiting for sign-in" in status and "sending" not in status, status
    assert controller.window.overall.value() == 80
    assert controller.active_count() == 0  # nothing is moving: quitting asks nothing
