"""A coordinator's one-time password: the window asks for the customer's own at once, sends
nothing until it is set, and Cancel signs out with the queue kept. Real widgets offscreen,
the real extranet (``users reset-password --one-time``), a real keyring."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from noomus_desktop.ui import messages
from noomus_desktop.ui.change_password_dialog import ChangePasswordDialog
from noomus_desktop.ui.controller import AppController
from tests.helpers.server import RunningExtranet
from tests.integration.test_cli_one_time_password import ONE_TIME, OWN, set_one_time_password

Factory = Callable[..., AppController]


def _asked(
    qtbot: QtBot, make_controller: Factory, server: RunningExtranet, tmp_path: Path
) -> tuple[AppController, ChangePasswordDialog, Path]:
    """Sign in with a one-time password (remembered) through the dialog, and add a file
    while the app asks for the customer's own: the app, what asks, the file (not sent)."""
    set_one_time_password(server)
    controller = make_controller(server.url)
    controller.start()
    dialog = controller.sign_in_dialog
    assert dialog is not None
    dialog.prefill(server.username, ONE_TIME)
    dialog.remember.setChecked(True)
    dialog.sign_in_button.click()
    qtbot.waitUntil(lambda: controller.password_dialog is not None, timeout=20_000)
    asked = controller.password_dialog
    assert asked is not None and asked.isVisible()
    assert controller.window.banner.text() == messages.error_text("password_change_required")
    document = tmp_path / "contract.txt"
    document.write_text("sent once the password is the customer's own")
    controller.add_paths([str(document)])
    assert controller.engine is None and controller.pending_paths == [str(document)]
    return controller, asked, document


def _inbox(server: RunningExtranet) -> list[Path]:
    return sorted(server.data_dir.glob("inbox/*/*.age"))


def test_a_one_time_password_is_replaced_before_anything_is_sent(
    qtbot: QtBot, make_controller: Factory, extranet: RunningExtranet, tmp_path: Path
) -> None:
    controller, asked, _document = _asked(qtbot, make_controller, extranet, tmp_path)
    assert asked.windowTitle() == "Choose your own password"
    assert "one-time password" in asked.intro.text()
    assert _inbox(extranet) == []  # nothing is sent meanwhile

    for field, text in ((asked.current, ONE_TIME), (asked.new, OWN), (asked.repeat, OWN)):
        qtbot.keyClicks(field, text)
    with qtbot.waitSignal(controller.engine_started, timeout=20_000):
        asked.change_button.click()
    assert controller.password_dialog is None and not asked.isVisible()
    assert not controller.account.password_change_required
    assert controller.window.banner.text() == "Your new password is set."
    qtbot.waitUntil(lambda: controller.model.summary().done == 1, timeout=30_000)
    assert len(_inbox(extranet)) == 1
    # The server now takes the customer's own password and wants nothing more.
    assert controller.account.deliveries()[0].size > 0


def test_declining_to_choose_a_password_signs_out_and_keeps_the_queue(
    qtbot: QtBot, make_controller: Factory, extranet: RunningExtranet, tmp_path: Path
) -> None:
    controller, asked, document = _asked(qtbot, make_controller, extranet, tmp_path)
    credentials = controller.account.credentials
    assert credentials.load(extranet.url, "alice") is not None  # remembered at sign-in
    asked.reject()  # the "Sign out" button
    qtbot.waitUntil(lambda: credentials.load(extranet.url, "alice") is None, timeout=20_000)
    assert not controller.account.signed_in
    assert controller.sign_in_dialog is not None and controller.sign_in_dialog.isVisible()
    assert controller.engine is None and controller.pending_paths == [str(document)]
    assert _inbox(extranet) == []
