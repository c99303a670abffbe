"""``noomus-upload send`` started while the server cannot be reached (a restart, a cron job
at the wrong moment) waits for it with the transfers' backoff, then sends: it does not exit
with "Cannot reach the Noomus server"."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backends import SecretService

from noomus_desktop.cli import EXIT_OK
from tests.helpers import agecli
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.proc import background_cli, run_cli
from tests.helpers.recorder import wait_until
from tests.helpers.server import RunningExtranet
from tests.integration.test_retry_policy import KEYRING_ENV

pytestmark = agecli.requires_age


@pytest.fixture
def link(extranet: RunningExtranet) -> Iterator[FaultProxy]:
    with FaultProxy(("127.0.0.1", extranet.port)) as proxy:
        yield proxy


def test_send_started_while_the_server_is_down_waits_then_delivers(
    extranet: RunningExtranet,
    link: FaultProxy,
    secret_keyring: SecretService.Keyring,
    tmp_path: Path,
) -> None:
    login = run_cli(
        ["--server", link.url, "login", "--username", extranet.username, "--password-stdin"],
        stdin=extranet.password + "\n",
        env=KEYRING_ENV,
    )
    assert login.returncode == EXIT_OK, login.stderr
    path = tmp_path / "nightly.bin"
    path.write_bytes(os.urandom(100_000))
    log = tmp_path / "send.log"
    link.outage()  # every connection is reset, as by a server restarting
    with background_cli(["--server", link.url, "send", str(path)], log, env=KEYRING_ENV) as send:
        wait_until(lambda: log.read_bytes().count(b"waiting for the connection") >= 2, 30)
        assert send.poll() is None
        link.heal()
        assert send.wait(60) == EXIT_OK, log.read_text()
    output = log.read_text()
    assert "delivered: nightly.bin" in output
    stored = list(extranet.data_dir.glob("inbox/*/*.age"))
    assert [agecli.decrypt(p.read_bytes(), extranet.identity_file) for p in stored] == [
        path.read_bytes()
    ]
