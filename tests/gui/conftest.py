"""GUI tests: real widgets offscreen, the real extranet on loopback, a real keyring."""

from __future__ import annotations

import gc
import os

# Before anything creates a QApplication (pytest-qt makes it lazily, in the first test).
os.environ["QT_QPA_PLATFORM"] = "offscreen"

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from noomus_desktop import i18n
from noomus_desktop.core.account import Account
from noomus_desktop.core.api import Contact
from noomus_desktop.core.config import BuildConfig, Settings
from noomus_desktop.core.engine import EngineSettings
from noomus_desktop.ui.controller import AppController
from tests.helpers.server import RunningExtranet

#: Quick retries and small requests, so pause/cancel act fast and outages heal fast.
FAST_ENGINE = EngineSettings(
    concurrency=2,
    chunk_size=256 * 1024,
    small_file_size=64 * 1024,
    stall_timeout=5.0,
    connect_timeout=2.0,
    backoff_initial=0.2,
    backoff_max=0.5,
    max_attempts=None,
)

CONTACT_BUILD = BuildConfig(
    contact=Contact(email="help@noomus.example", phone="+358 1 234 5678", address="Turku"),
    request_account_url="https://noomus.example/request",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The offscreen platform cannot size native windows (it says so on every dialog) and has no
    # tray host (QSystemTrayIcon says so once; its calls are made all the same).
    for item in items:
        if item.path.parent == Path(__file__).parent:
            item.add_marker(
                pytest.mark.qt_log_ignore(
                    "does not support propagateSizeHints",
                    "systemTrayWindowChanged",
                    "does not support raise",
                )
            )


@pytest.fixture(autouse=True)
def _free_qt_garbage_in_the_gui_thread() -> Iterator[None]:
    """Widgets a test leaves in reference cycles (a window and the lambdas connected to it)
    are freed here, in the GUI thread: freed later by a collection that happens to run on a
    worker thread (sign-in, the engine), Qt crashes the process."""
    yield
    gc.collect()


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    """Picking a language in Settings switches the whole app at once: a test that does so
    leaves the next one in English again."""
    yield
    app = QApplication.instance()
    if app is not None and i18n.installed():
        i18n.uninstall(app, i18n.switch(app, i18n.SOURCE_LANGUAGE))


def make_account(server_url: str, **settings: object) -> Account:
    return Account(Settings(server_url=server_url, **settings), CONTACT_BUILD)  # type: ignore[arg-type]


@pytest.fixture
def make_controller(qtbot: QtBot, secret_keyring: object) -> Iterator[Callable[..., AppController]]:
    """``make_controller(server_url, tray=False, **settings)``: an app, closed at teardown."""
    made: list[AppController] = []

    def make(server_url: str, *, tray: bool = False, **settings: object) -> AppController:
        controller = AppController(
            make_account(server_url, **settings), engine_settings=FAST_ENGINE, tray_available=tray
        )
        made.append(controller)
        return controller

    yield make
    for controller in made:
        controller.quit()
        controller.window.deleteLater()


def sign_in(
    qtbot: QtBot, controller: AppController, server: RunningExtranet, *, remember: bool = False
) -> None:
    """Sign in through the dialog, as a user would, and wait until the engine runs."""
    controller.start()
    dialog = controller.sign_in_dialog
    assert dialog is not None
    dialog.prefill(server.username, server.password)
    if remember:
        dialog.remember.setChecked(True)
    with qtbot.waitSignal(controller.engine_started, timeout=20_000):
        dialog.sign_in_button.click()
