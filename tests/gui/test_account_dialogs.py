"""Account menu: "Change password..." and "Signed-in devices...", real widgets offscreen,
against the real extranet (another device signed in through the API client)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QTableWidgetItem
from pytestqt.qtbot import QtBot

from noomus_desktop.core import api
from noomus_desktop.ui import messages
from noomus_desktop.ui.change_password_dialog import ChangePasswordDialog
from noomus_desktop.ui.controller import AppController
from noomus_desktop.ui.devices_dialog import DevicesDialog
from tests.gui.conftest import sign_in
from tests.helpers.server import RunningExtranet
from tests.integration.test_account_devices import NEW_PASSWORD, _other_device

Factory = Callable[..., AppController]


def _type(qtbot: QtBot, dialog: ChangePasswordDialog, current: str, new: str, again: str) -> None:
    """Type into the three boxes as a user would, and press the button."""
    for field, text in ((dialog.current, current), (dialog.new, new), (dialog.repeat, again)):
        field.clear()
        qtbot.keyClicks(field, text)
    dialog.change_button.click()


def _fill(qtbot: QtBot, dialog: ChangePasswordDialog, current: str, new: str, again: str) -> str:
    """:func:`_type`, then wait for the answer and return what the dialog says."""
    _type(qtbot, dialog, current, new, again)
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled(), timeout=20_000)
    return dialog.problem.text()


def test_change_password_from_the_account_menu(
    qtbot: QtBot, make_controller: Factory, extranet: RunningExtranet
) -> None:
    controller = make_controller(extranet.url)
    sign_in(qtbot, controller, extranet)
    assert controller.window.change_password_action.isEnabled()
    with _other_device(extranet) as other:
        controller.window.change_password_action.trigger()
        dialog = controller.window.findChild(ChangePasswordDialog)
        assert dialog is not None and dialog.isVisible()

        said = _fill(qtbot, dialog, extranet.password, NEW_PASSWORD, NEW_PASSWORD + "x")
        assert "not the same" in said
        said = _fill(qtbot, dialog, extranet.password, "short", "short")
        assert said == messages.error_text("password_too_short")
        said = _fill(qtbot, dialog, "not-the-password", NEW_PASSWORD, NEW_PASSWORD)
        assert said == "The current password is not right. Please type it again."
        assert dialog.current.password() == ""
        assert other.deliveries() == []  # nothing changed so far

        with qtbot.waitSignal(dialog.changed, timeout=20_000):
            _type(qtbot, dialog, extranet.password, NEW_PASSWORD, NEW_PASSWORD)
        assert not dialog.isVisible()
        assert "other computers and devices are signed out" in controller.window.banner.text()
        with pytest.raises(api.SessionEndedError):
            other.deliveries()
    assert controller.account.signed_in and controller.account.deliveries() == []


def test_signed_in_devices_and_signing_one_out(
    qtbot: QtBot, make_controller: Factory, extranet: RunningExtranet
) -> None:
    controller = make_controller(extranet.url)
    sign_in(qtbot, controller, extranet)
    with _other_device(extranet) as other:
        controller.window.devices_action.trigger()
        dialog = controller.window.findChild(DevicesDialog)
        assert dialog is not None and dialog.isVisible()
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=20_000)
        rows = [
            [(dialog.table.item(row, column) or QTableWidgetItem()).text() for column in range(3)]
            for row in range(dialog.table.rowCount())
        ]
        assert rows[0][0] == "old phone" and rows[0][2] == "127.0.0.1"
        assert "(this computer)" in rows[1][0]
        assert len(dialog.sign_out_buttons) == 1  # none for this computer
        [button] = dialog.sign_out_buttons.values()
        assert button.accessibleName() == "Sign out old phone"

        button.click()
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=20_000)
        assert dialog.sign_out_buttons == {}
        with pytest.raises(api.SessionEndedError):
            other.deliveries()
    assert controller.account.signed_in
