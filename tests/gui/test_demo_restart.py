"""The demo behaves as the real thing across a restart: same address, so the upload in flight
resumes and a remembered sign-in needs no password (both are kept per server address)."""

from __future__ import annotations

import os
import socket
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from noomus_desktop.core.queue import TransferState
from noomus_desktop.demo import ADDRESS_FILE, DemoSession, demo_home, start_demo
from noomus_desktop.ui.controller import AppController
from noomus_extranet.filemodes import DATABASE

Factory = Callable[..., AppController]

#: The demos share one usual port: run them one at a time (each still falls back if taken).
pytestmark = pytest.mark.xdist_group("demo-port")


def _sent(controller: AppController) -> int:
    model = controller.model
    return model.row_at(0).sent if model.rowCount() else 0


def test_quit_and_start_again_resumes_and_remembers(
    qtbot: QtBot, make_controller: Factory, tmp_path: Path
) -> None:
    demo: DemoSession = start_demo()
    try:
        first = make_controller(demo.url)
        first.start()
        dialog = first.sign_in_dialog
        assert dialog is not None
        dialog.prefill(demo.username, demo.password)
        dialog.remember.setChecked(True)
        with qtbot.waitSignal(first.engine_started, timeout=20_000):
            dialog.sign_in_button.click()
        big = tmp_path / "big.bin"
        big.write_bytes(os.urandom(48 * 1024 * 1024))
        first.add_paths([str(big)])
        qtbot.waitUntil(lambda: _sent(first) > 0, timeout=30_000)
        first.quit()
        transfer_id = first.model.row_at(0).transfer_id
        assert first.model.row_at(0).state is not TransferState.DONE
    finally:
        demo.stop()

    again = start_demo()
    try:
        assert again.url == demo.url
        second = make_controller(again.url, remember_me=True, last_username=demo.username)
        with qtbot.waitSignal(second.engine_started, timeout=20_000):
            second.start()
        assert second.sign_in_dialog is None  # remembered: no password asked
        qtbot.waitUntil(lambda: second.model.rowCount() == 1, timeout=10_000)
        assert second.model.row_at(0).transfer_id == transfer_id
        qtbot.waitUntil(lambda: second.model.row_at(0).state is TransferState.DONE, timeout=60_000)
        # It went on with the same upload, not a new one from the start (how far the server
        # had got by the quit depends on the machine's load: the upload is what must be kept).
        with sqlite3.connect(demo_home() / "demo-server" / DATABASE) as db:
            assert db.execute("SELECT COUNT(*) FROM uploads").fetchone() == (1,)
            assert db.execute("SELECT COUNT(*) FROM deliveries").fetchone() == (1,)
    finally:
        second.quit()
        again.stop()


def test_a_taken_port_falls_back_and_the_new_address_is_kept() -> None:
    first = start_demo()
    try:
        port = int(first.url.rsplit(":", 1)[1])
    finally:
        first.stop()
    with socket.socket() as squatter:
        # As the demo does: the port may linger in TIME_WAIT after its stop.
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        squatter.bind(("127.0.0.1", port))
        squatter.listen()
        moved = start_demo()
        moved.stop()
    assert moved.url != first.url
    stored = (demo_home() / "demo-server" / ADDRESS_FILE).read_text(encoding="utf-8").strip()
    assert stored == moved.url
    back = start_demo()
    back.stop()
    assert back.url == moved.url
