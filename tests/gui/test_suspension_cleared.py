"""When Noomus resumes a suspended service, the window drops its "service suspended" warning by
itself (banner, headline, tray) while the engine resumes the upload it paused. Real widgets
offscreen, the real extranet suspended and resumed with its admin command, over a slow link."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from noomus_desktop.ui import messages
from noomus_desktop.ui.controller import AppController
from noomus_desktop.ui.icons import TrayState
from noomus_desktop.ui.notifier import Notification
from tests.gui.conftest import sign_in
from tests.helpers import agecli
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.server import RunningExtranet
from tests.integration.test_engine_extranet import slow_link

pytestmark = agecli.requires_age
__all__ = ["slow_link"]  # the fixture, imported for this module's tests

Factory = Callable[..., AppController]


def test_the_suspension_warning_goes_when_the_service_is_back(
    qtbot: QtBot,
    make_controller: Factory,
    extranet: RunningExtranet,
    slow_link: FaultProxy,
    tmp_path: Path,
) -> None:
    suspended = messages.error_text("service_suspended")
    controller = make_controller(slow_link.url, tray=True)
    sign_in(qtbot, controller, extranet)
    window, tray = controller.window, controller.tray
    assert tray is not None
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(3 * 1024 * 1024))
    controller.add_paths([str(big)])
    qtbot.waitUntil(lambda: controller.model.summary().active > 0, timeout=20_000)

    extranet.admin("service", "suspend")
    qtbot.waitUntil(lambda: window.banner.text() == suspended, timeout=30_000)
    assert (window.attention, tray.state) == ("service_suspended", TrayState.ATTENTION)
    assert window.headline_text() == suspended

    with qtbot.waitSignal(
        controller.notifier.shown,
        timeout=30_000,
        check_params_cb=lambda n: isinstance(n, Notification) and n.title == "Sending again",
    ):
        extranet.admin("service", "resume")
    assert window.attention is None
    assert window.banner.isHidden() or window.banner.text() != suspended
    assert window.headline_text() != suspended
    qtbot.waitUntil(lambda: len(list(extranet.data_dir.glob("inbox/*/*.age"))) == 1, timeout=60_000)
    qtbot.waitUntil(lambda: tray.state is TrayState.IDLE, timeout=10_000)
