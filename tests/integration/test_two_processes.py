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
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from keyring.backends import SecretService

from noomus_desktop.cli import EXIT_OK
from noomus_desktop.core.credentials import SERVICE
from noomus_desktop.core.queue import TransferStore
from tests.helpers import agecli
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.keyring import keyring_items
from tests.helpers.proc import background_cli, run_cli
from tests.helpers.server import RunningExtranet
from tests.integration.test_cli_truth import KEYRING_ENV

#: Long enough, at the link's pace, for every access token to expire several times.
FILE_SIZE = 1024 * 1024
SEND_TIMEOUT = 90.0


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@agecli.requires_age
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


OPEN_THE_QUEUE_AGAIN_AND_AGAIN = """
import sys, time
from pathlib import Path
from noomus_desktop.core.queue import TransferStore
until, opened = time.monotonic() + float(sys.argv[2]), 0
while time.monotonic() < until:
    TransferStore(Path(sys.argv[1])).close()
    opened += 1
print(opened)
"""


def test_a_process_opening_the_queue_spares_the_plans_another_is_writing(tmp_path: Path) -> None:
    """Opening the queue removes what a crash left half-written in its plans folder; a plan
    another live process is writing at that moment is not such a leftover (this failed a
    transfer of the first of two ``noomus-upload send`` with ENOENT)."""
    path = tmp_path / "transfers.sqlite3"
    store = TransferStore(path)
    opener = subprocess.Popen(
        [sys.executable, "-c", OPEN_THE_QUEUE_AGAIN_AND_AGAIN, str(path), "3"],
        stdout=subprocess.PIPE,
        text=True,
    )
    latest: dict[int, bytes] = {}
    saves = 0
    try:
        while opener.poll() is None:
            transfer_id, saves = saves % 8, saves + 1
            latest[transfer_id] = os.urandom(64)
            store.save_plan(transfer_id, latest[transfer_id])  # raised FileNotFoundError
    finally:
        opened, _ = opener.communicate(timeout=30)
        store.close()
    assert opener.returncode == 0
    assert int(opened) > 20 and saves > 20, "hardly any overlap: nothing was tested"
    for transfer_id, plan in latest.items():
        assert store.load_plan(transfer_id) == plan
