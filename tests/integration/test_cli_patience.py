"""``noomus-upload send`` waits for the server as long as it runs, unless told how long to wait.

Real processes: the CLI, the extranet (stopped and started again on its port), a dead port.
"""

from __future__ import annotations

import time
from pathlib import Path

from keyring.backends import SecretService

from noomus_desktop.cli import EXIT_FAILED, EXIT_OK
from tests.helpers import agecli
from tests.helpers.proc import background_cli, run_cli
from tests.helpers.server import RunningExtranet, free_port
from tests.integration.test_cli_truth import KEYRING_ENV

pytestmark = agecli.requires_age

GIVE_UP_AFTER = 2.0
#: How late the server comes: a few tries of the CLI's backoff (1 s, 2 s, 4 s...).
LATE = 3.0


def _login(server: RunningExtranet) -> None:
    login = run_cli(
        ["--server", server.url, "login", "--username", server.username, "--password-stdin"],
        stdin=server.password + "\n",
        env=KEYRING_ENV,
    )
    assert login.returncode == EXIT_OK, login.stderr


def test_send_started_before_the_server_delivers_once_it_is_up(
    extranet: RunningExtranet, secret_keyring: SecretService.Keyring, tmp_path: Path
) -> None:
    _login(extranet)
    extranet.stop()
    path = tmp_path / "early.txt"
    path.write_bytes(b"sent by a CLI started before its server")
    log = tmp_path / "send.log"
    with background_cli(["--server", extranet.url, "send", str(path)], log, KEYRING_ENV) as send:
        time.sleep(LATE)
        assert send.poll() is None, log.read_text()  # still waiting, not failed
        extranet.start()
        assert send.wait(60) == EXIT_OK, log.read_text()
    assert "waiting for the connection" in log.read_text()
    (stored,) = extranet.data_dir.glob("inbox/*/*.age")
    assert agecli.decrypt(stored.read_bytes(), extranet.identity_file) == path.read_bytes()


def test_give_up_after_ends_a_send_the_server_never_answers(
    extranet: RunningExtranet, secret_keyring: SecretService.Keyring, tmp_path: Path
) -> None:
    """Reaching the server (the account) and sending a file (a plain tus endpoint on a dead
    port): each gives up once the duration has passed with no progress, exit 1."""
    _login(extranet)
    extranet.stop()
    path = tmp_path / "never.txt"
    path.write_bytes(b"no server will take this")
    dead = f"http://127.0.0.1:{free_port()}/files/"
    commands = {
        "account": ["--server", extranet.url],
        "tus": ["--tus-endpoint", dead, "--recipient", extranet.recipient],
    }
    for name, target in commands.items():
        started = time.monotonic()
        result = run_cli(
            [*target, "--give-up-after", f"{GIVE_UP_AFTER:g}s", "send", str(path)],
            env=KEYRING_ENV,
            timeout=60,
        )
        took = time.monotonic() - started
        assert result.returncode == EXIT_FAILED, (name, result.stderr)
        assert GIVE_UP_AFTER <= took < GIVE_UP_AFTER + 20, (name, took)
        assert "waiting for the connection" in result.stderr, (name, result.stderr)
    assert f"not delivered: {path.name}" in result.stderr
