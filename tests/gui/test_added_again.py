"""A file added again while it is being sent: the window says so (it is not sent twice),
instead of seeming to ignore the drop. Real widgets offscreen, the real extranet over a slow
link so the first upload is still under way."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from noomus_desktop.core.queue import TransferState
from noomus_desktop.ui.controller import AppController
from noomus_desktop.ui.notifier import Notification
from tests.gui.conftest import sign_in
from tests.helpers import agecli
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.server import RunningExtranet
from tests.integration.test_engine_extranet import slow_link

pytestmark = agecli.requires_age
__all__ = ["slow_link"]  # the fixture, imported for this module's tests


def test_adding_a_file_being_sent_again_says_so_and_sends_it_once(
    qtbot: QtBot,
    make_controller: Callable[..., AppController],
    extranet: RunningExtranet,
    slow_link: FaultProxy,
    tmp_path: Path,
) -> None:
    controller = make_controller(slow_link.url)
    sign_in(qtbot, controller, extranet)
    big, small = tmp_path / "contract.bin", tmp_path / "note.txt"
    big.write_bytes(os.urandom(3 * 1024 * 1024))
    small.write_text("new")
    shown: list[Notification] = []
    controller.notifier.shown.connect(shown.append)
    controller.add_paths([str(big)])
    qtbot.waitUntil(
        lambda: (
            controller.model.rowCount() == 1
            and controller.model.row_at(0).state is TransferState.UPLOADING
        ),
        timeout=20_000,
    )

    controller.add_paths([str(big), str(small)])  # the new file beside it says nothing
    qtbot.waitUntil(lambda: controller.model.rowCount() == 2, timeout=20_000)
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert [(n.title, n.message) for n in shown] == [
        (
            "Already being sent",
            "contract.bin is already being sent. It will be delivered once, not twice.",
        )
    ]
    assert controller.window.banner.text() == shown[0].message  # no tray: the window says it
    qtbot.waitUntil(lambda: controller.model.summary().done == 2, timeout=60_000)
    assert len(list(extranet.data_dir.glob("inbox/*/*.age"))) == 2
    assert len(shown) == 2 and shown[1].title == "Delivered"  # nothing else was said
