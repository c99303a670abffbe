"""Two processes of the app on one account at once share one sign-in, and nobody is signed out.

The server takes a refresh token once: a second use looks like a stolen copy and ends the
session (``noomus_extranet/auth.py``). Two ``noomus-upload send`` started together both begin
from the token in the keyring; with access tokens that live one second, both must also renew
again and again while they send. Each reads, uses and stores the token in its own turn, and
uses the one the other stored (``core/account.py``, ``core/interlock.py``).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from pathlib import Path

from keyring.backends import SecretService

from noomus_desktop.cli import EXIT_OK
from noomus_desktop.core.credentials import SERVICE
from tests.helpers import agecli
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.keyring import keyring_items
from tests.helpers.proc import background_cli, run_cli
from tests.helpers.server import RunningExtranet
from tests.integration.test_cli_truth import KEYRING_ENV

pytestmark = agecli.requires_age

#: Long enough, at the link's pace, for every access token to expire several times.
FILE_SIZE = 1024 * 1024
SEND_TIMEOUT = 90.0


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_two_sends_at_once_share_the_sign_in_and_stay_signed_in(
    extranet_factory: Callable[..., RunningExtranet],
    secret_keyring: SecretService.Keyring,
    tmp_path: Path,
) -> None:
    server = extranet_factory(access_token_ttl=2)
    with FaultProxy(("127.0.0.1", server.port)) as link:
        link.bandwidth = 512 * 1024  # per connection: a file takes about two seconds
        common = ["--server", link.url, "--chunk-size", "128K", "-q"]
        login = run_cli(
            [*common, "login", "--username", server.username, "--password-stdin"],
            stdin=server.password + "\n",
            env=KEYRING_ENV,
        )
        assert login.returncode == EXIT_OK, login.stderr
        originals = set()
        folders = []
        for name in ("first", "second"):
            folder = tmp_path / name
            folder.mkdir()
            for index in range(2):
                data = os.urandom(FILE_SIZE)
                (folder / f"{name}-{index}.bin").write_bytes(data)
                originals.add(_digest(data))
            folders.append(folder)
        with (
            background_cli(
                [*common, "send", str(folders[0])], tmp_path / "first.log", env=KEYRING_ENV
            ) as first,
            background_cli(
                [*common, "send", str(folders[1])], tmp_path / "second.log", env=KEYRING_ENV
            ) as second,
        ):
            deadline = time.monotonic() + SEND_TIMEOUT
            while time.monotonic() < deadline and None in (first.poll(), second.poll()):
                time.sleep(0.1)
            logs = [(tmp_path / f"{n}.log").read_text() for n in ("first", "second")]
            assert (first.poll(), second.poll()) == (EXIT_OK, EXIT_OK), logs
        # Still signed in: the keyring holds a token, and a third send uses it.
        assert [key for key in keyring_items() if key[0] == SERVICE]
        late = tmp_path / "late.txt"
        late.write_bytes(b"sent after the two others")
        third = run_cli([*common, "send", str(late)], env=KEYRING_ENV)
        assert third.returncode == EXIT_OK, third.stderr
    stored = sorted(server.data_dir.glob("inbox/*/*.age"))
    delivered = [agecli.decrypt(path.read_bytes(), server.identity_file) for path in stored]
    assert sorted(_digest(d) for d in delivered) == sorted(originals | {_digest(late.read_bytes())})
    sessions = server.admin("users", "sessions", server.username)
    assert "active" in sessions and "revoked" not in sessions, sessions
