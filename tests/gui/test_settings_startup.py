"""Settings for start at sign-in and update notices, and the update check at start-up: real
widgets offscreen, the real XDG autostart folder (under tmp) and a signed feed on loopback."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from noomus_desktop.core import paths
from noomus_desktop.core.autostart import DESKTOP_NAME
from noomus_desktop.core.config import BuildConfig, Settings, load_settings
from noomus_desktop.core.updates import STATE_FILE
from noomus_desktop.ui.controller import AppController
from noomus_desktop.ui.notifier import Notification
from noomus_desktop.ui.settings_dialog import SettingsDialog
from noomus_desktop.ui.update_notice import check_at_start
from tests.helpers.server import free_port
from tests.helpers.update_feed import Feed, public_key_text, serve_feed, sign

Factory = Callable[..., AppController]


def _ok(dialog: SettingsDialog) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def _installer(value: str | None) -> Callable[[str, str], str | None]:
    """A registry holding the MSI's ``UpdateCheck`` value (or nothing)."""
    return lambda _key, name: value if name == "UpdateCheck" else None


def test_start_at_sign_in_creates_and_removes_the_autostart_entry(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    entry = tmp_path / "xdg" / "autostart" / DESKTOP_NAME
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    assert not dialog.start_at_sign_in.isChecked()
    dialog.start_at_sign_in.setChecked(True)
    _ok(dialog)
    assert "Exec=" in entry.read_text("utf-8")
    again = SettingsDialog(Settings())  # reflects what is on the system now
    qtbot.addWidget(again)
    assert again.start_at_sign_in.isChecked()
    again.start_at_sign_in.setChecked(False)
    _ok(again)
    assert not entry.exists()
    assert not SettingsDialog(Settings()).start_at_sign_in.isChecked()


def test_the_update_box_is_off_by_default_and_persists(
    qtbot: QtBot, make_controller: Factory
) -> None:
    controller = make_controller(f"http://127.0.0.1:{free_port()}")
    dialog = controller.show_settings()
    assert not dialog.check_for_updates.isChecked()
    dialog.check_for_updates.setChecked(True)
    _ok(dialog)
    qtbot.waitUntil(lambda: load_settings().check_for_updates == "yes")
    reopened = controller.show_settings()
    assert reopened.check_for_updates.isChecked()
    reopened.check_for_updates.setChecked(False)
    _ok(reopened)
    qtbot.waitUntil(lambda: load_settings().check_for_updates == "no")
    assert not SettingsDialog(load_settings()).check_for_updates.isChecked()


def test_the_installer_default_shows_and_is_kept_until_the_user_changes_it(qtbot: QtBot) -> None:
    settings = Settings()
    dialog = SettingsDialog(settings, registry=_installer("1"))
    qtbot.addWidget(dialog)
    assert dialog.check_for_updates.isChecked()
    _ok(dialog)
    assert settings.check_for_updates == ""  # still follows the installer
    dialog = SettingsDialog(settings, registry=_installer("1"))
    qtbot.addWidget(dialog)
    dialog.check_for_updates.setChecked(False)
    _ok(dialog)
    assert settings.check_for_updates == "no"


@pytest.fixture
def feed() -> Iterator[tuple[Feed, str]]:
    with serve_feed() as served:
        yield served


def _offer(feed: tuple[Feed, str], version: str) -> BuildConfig:
    """Serve ``version`` signed, and a build that trusts the signing key."""
    server, url = feed
    key = Ed25519PrivateKey.generate()
    server.body = sign(key, {"version": version, "url": "https://noomus.fi/desktop/"})
    return BuildConfig(update_feed_url=url, update_public_key=public_key_text(key))


def _check(controller: AppController, build: BuildConfig, installed: str | None = None) -> bool:
    """The start-up check, as app.main makes it, for an app at version 1.2.0."""
    return check_at_start(
        controller.account.settings,
        build,
        controller.notifier,
        controller,
        current="1.2.0",
        read=_installer(installed),
    )


def test_a_newer_version_is_shown_once_with_its_link(
    qtbot: QtBot, make_controller: Factory, feed: tuple[Feed, str]
) -> None:
    build = _offer(feed, "1.3.0")
    controller = make_controller(f"http://127.0.0.1:{free_port()}", check_for_updates="yes")
    shown: list[Notification] = []
    controller.notifier.shown.connect(shown.append)
    assert _check(controller, build)
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=10_000)
    assert "1.3.0" in shown[0].message and "https://noomus.fi/desktop" in shown[0].message
    assert "https://noomus.fi/desktop" in controller.window.banner.text()  # no tray: the window
    # A day later the feed is read again, but the same version is not announced again.
    (paths.data_dir() / STATE_FILE).unlink()
    assert _check(controller, build)
    qtbot.waitUntil(lambda: len(feed[0].requests) == 2, timeout=10_000)
    qtbot.wait(300)
    assert len(shown) == 1


@pytest.mark.parametrize(("choice", "installed"), [("", None), ("no", "1")])
def test_nothing_is_fetched_when_the_check_is_off(
    qtbot: QtBot,
    make_controller: Factory,
    feed: tuple[Feed, str],
    choice: str,
    installed: str | None,
) -> None:
    build = _offer(feed, "9.0.0")
    controller = make_controller(f"http://127.0.0.1:{free_port()}", check_for_updates=choice)
    started = _check(controller, build, installed)
    qtbot.wait(300)
    assert (started, feed[0].requests) == (False, [])
    assert not controller.window.banner.isVisible()
    assert not (paths.data_dir() / STATE_FILE).exists()


def test_the_installer_alone_turns_the_check_on(
    qtbot: QtBot, make_controller: Factory, feed: tuple[Feed, str]
) -> None:
    build = _offer(feed, "1.2.0")
    controller = make_controller(f"http://127.0.0.1:{free_port()}")
    assert _check(controller, build, installed="1")
    qtbot.waitUntil(lambda: len(feed[0].requests) == 1, timeout=10_000)
