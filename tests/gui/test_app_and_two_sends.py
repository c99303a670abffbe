"""The window and two ``noomus-upload send`` at once, on one remembered sign-in: nobody is
signed out, and every file is delivered exactly once.

The three processes start from the one refresh token in the keyring, and with access tokens
that live two seconds they all renew again and again while they send; the server ends a
session whose refresh token is presented twice. Each process takes its turn at the keyring
entry (``core/account.py``, ``core/interlock.py``) and the queue's transfers are claimed by
one process each (``core/engine/scheduler.py``). Real widgets offscreen, the real extranet
behind a slow link, real processes, the test's private gnome-keyring.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from noomus_desktop.cli import EXIT_OK
from noomus_desktop.ui.controller import AppController
from tests.gui.conftest import sign_in
from tests.helpers import agecli
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.proc import background_cli
from tests.helpers.server import RunningExtranet
from tests.integration.test_cli_truth import KEYRING_ENV

pytestmark = agecli.requires_age

FILE_SIZE = 1024 * 1024
SEND_TIMEOUT = 120.0


def _files(folder: Path, count: int) -> list[str]:
    """``count`` random files in ``folder``; returns their SHA-256 digests."""
    folder.mkdir()
    digests = []
    for index in range(count):
        data = os.urandom(FILE_SIZE)
        (folder / f"{folder.name}-{index}.bin").write_bytes(data)
        digests.append(hashlib.sha256(data).hexdigest())
    return digests


def test_the_app_and_two_sends_share_one_sign_in(
    qtbot: QtBot,
    make_controller: Callable[..., AppController],
    extranet_factory: Callable[..., RunningExtranet],
    tmp_path: Path,
) -> None:
    server = extranet_factory(access_token_ttl=2)
    with FaultProxy(("127.0.0.1", server.port)) as link:
        link.bandwidth = 512 * 1024  # per connection: a file takes about two seconds
        controller = make_controller(link.url)
        sign_in(qtbot, controller, server, remember=True)
        assert controller.account.remembered

        originals = _files(tmp_path / "app", 2)
        originals += _files(tmp_path / "first", 2) + _files(tmp_path / "second", 2)
        common = ["--server", link.url, "--chunk-size", "128K", "-q", "send"]
        with (
            background_cli(
                [*common, str(tmp_path / "first")], tmp_path / "first.log", env=KEYRING_ENV
            ) as first,
            background_cli(
                [*common, str(tmp_path / "second")], tmp_path / "second.log", env=KEYRING_ENV
            ) as second,
        ):
            controller.add_paths([str(tmp_path / "app")])
            deadline = time.monotonic() + SEND_TIMEOUT
            while time.monotonic() < deadline and None in (first.poll(), second.poll()):
                qtbot.wait(100)
            logs = [(tmp_path / f"{n}.log").read_text() for n in ("first", "second")]
            assert (first.poll(), second.poll()) == (EXIT_OK, EXIT_OK), logs
        qtbot.waitUntil(lambda: controller.model.summary().done == 2, timeout=60_000)
        # The window was never signed out: still signed in, no sign-in dialog, no warning.
        assert controller.account.signed_in and controller.sign_in_dialog is None
        assert controller.window.attention is None
    stored = sorted(server.data_dir.glob("inbox/*/*.age"))
    delivered = [agecli.decrypt(path.read_bytes(), server.identity_file) for path in stored]
    # Exactly once each: six deliveries, one per file, no duplicate.
    assert sorted(hashlib.sha256(d).hexdigest() for d in delivered) == sorted(originals)
    sessions = server.admin("users", "sessions", server.username)
    assert "active" in sessions and "revoked" not in sessions, sessions
