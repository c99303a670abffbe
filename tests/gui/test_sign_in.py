"""Sign-in dialog against the real extranet: success, and each failure as a plain sentence."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from noomus_desktop.core.credentials import CredentialStore
from noomus_desktop.ui import messages
from noomus_desktop.ui.controller import AppController
from noomus_desktop.ui.sign_in_dialog import SignInDialog
from tests.gui.conftest import sign_in
from tests.gui.test_i18n import compiled_translations, speak
from tests.helpers.server import RunningExtranet, free_port

__all__ = ["compiled_translations", "speak"]  # fixtures shared with the i18n tests

Factory = Callable[..., AppController]


def _dialog(controller: AppController) -> SignInDialog | None:
    """The dialog now (a call, so the type checker does not carry an earlier narrowing)."""
    return controller.sign_in_dialog


def _submit(qtbot: QtBot, controller: AppController, username: str, password: str) -> str:
    """Fill the dialog, click Sign in, wait for the answer; return what the dialog says."""
    controller.start()
    dialog = controller.sign_in_dialog
    assert dialog is not None
    dialog.prefill(username, password)
    dialog.sign_in_button.click()
    qtbot.waitUntil(lambda: dialog.sign_in_button.isEnabled(), timeout=20_000)
    assert controller.engine is None
    assert dialog.isVisible()
    return dialog.error.text()


def test_sign_in_succeeds_and_shows_the_user(
    qtbot: QtBot, make_controller: Factory, extranet: RunningExtranet
) -> None:
    controller = make_controller(extranet.url)
    sign_in(qtbot, controller, extranet)
    assert controller.sign_in_dialog is None
    assert "alice" in controller.window.signed_in_action.text()
    assert controller.window.sign_out_action.isEnabled()


def test_wrong_password_says_so(
    qtbot: QtBot, make_controller: Factory, extranet: RunningExtranet
) -> None:
    text = _submit(qtbot, make_controller(extranet.url), extranet.username, "not-the-password")
    assert text == messages.error_text("invalid_credentials")


@pytest.mark.parametrize(
    ("admin_args", "code"),
    [
        (("users", "disable", "alice"), "account_disabled"),
        (("service", "suspend"), "service_suspended"),
    ],
)
def test_refused_accounts_and_service_are_explained(
    qtbot: QtBot,
    make_controller: Factory,
    extranet: RunningExtranet,
    admin_args: tuple[str, ...],
    code: str,
) -> None:
    extranet.admin(*admin_args)
    text = _submit(qtbot, make_controller(extranet.url), extranet.username, extranet.password)
    assert text == messages.error_text(code)


def test_locked_after_report_lost(
    qtbot: QtBot, make_controller: Factory, extranet: RunningExtranet
) -> None:
    reporter = make_controller(extranet.url)
    reporter.start()
    dialog = reporter.show_report_lost(extranet.username)
    with qtbot.waitSignal(dialog.reported, timeout=20_000):
        dialog.report_button.click()
    text = _submit(qtbot, make_controller(extranet.url), extranet.username, extranet.password)
    assert text == messages.error_text("account_locked")


def test_offline_is_explained(qtbot: QtBot, make_controller: Factory) -> None:
    closed = f"http://127.0.0.1:{free_port()}"
    assert _submit(qtbot, make_controller(closed), "alice", "whatever-password") == (
        messages.error_text("offline")
    )


def test_remembered_sign_in_starts_signed_in(
    qtbot: QtBot, make_controller: Factory, extranet: RunningExtranet
) -> None:
    first = make_controller(extranet.url)
    first.start()
    dialog = first.sign_in_dialog
    assert dialog is not None
    dialog.remember.setChecked(True)
    dialog.prefill(extranet.username, extranet.password)
    with qtbot.waitSignal(first.engine_started, timeout=20_000):
        dialog.sign_in_button.click()
    assert CredentialStore().load(extranet.url, extranet.username) is not None
    first.quit()

    again = make_controller(extranet.url, remember_me=True, last_username=extranet.username)
    with qtbot.waitSignal(again.engine_started, timeout=20_000):
        again.start()
    assert again.sign_in_dialog is None
    assert "alice" in again.window.signed_in_action.text()


def test_a_closed_sign_in_dialog_comes_back_from_the_account_menu(
    qtbot: QtBot, make_controller: Factory
) -> None:
    controller = make_controller(f"http://127.0.0.1:{free_port()}")
    controller.start()
    first = controller.sign_in_dialog
    assert first is not None
    first.reject()
    assert controller.sign_in_dialog is None
    assert controller.window.sign_in_action.isEnabled()
    assert not controller.window.sign_out_action.isEnabled()
    controller.window.sign_in_action.trigger()
    again = _dialog(controller)
    assert again is not None and again.isVisible()


@pytest.mark.parametrize("language", ["en", "fi", "sv"])
def test_the_dialog_grows_to_fit_the_longest_message(
    qtbot: QtBot, make_controller: Factory, speak: Callable[[str, float], object], language: str
) -> None:
    speak(language, 1.0)
    controller = make_controller(f"http://127.0.0.1:{free_port()}")
    dialog = controller.ask_sign_in()
    qtbot.waitExposed(dialog)
    for code in ("recipients_changed", "account_locked", "insecure_url"):
        dialog.show_error(code)
        for widget in (dialog.username, dialog.password, dialog.remember):
            assert widget.height() >= widget.minimumSizeHint().height(), (code, widget)
        error = dialog.error
        assert error.height() >= error.heightForWidth(error.width()), code  # not clipped


def test_folded_advanced_shows_no_empty_box(qtbot: QtBot, make_controller: Factory) -> None:
    controller = make_controller(f"http://127.0.0.1:{free_port()}")
    dialog = controller.ask_sign_in()
    dialog.advanced.setChecked(False)
    assert dialog.advanced.isFlat() and dialog.server_url.isHidden()
    dialog.advanced.setChecked(True)
    assert not dialog.advanced.isFlat() and not dialog.server_url.isHidden()
