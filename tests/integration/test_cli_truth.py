"""``noomus-upload send`` tells the truth with its exit code: a file it did not deliver, for
whatever reason, makes it exit 1 and is named (a backup-then-delete script relies on it).

Tests run as root, who can read anything: the "unreadable" entries here are ones whose read
fails for root too (a pipe, and a link that loops on itself where a subfolder would be).
Names that are not UTF-8 are refused by the scan (the queue keeps text), and named.
"""

from __future__ import annotations

import os
from pathlib import Path

from keyring.backends import SecretService

from noomus_desktop.cli import EXIT_FAILED, EXIT_OK
from tests.helpers import agecli
from tests.helpers.proc import run_cli
from tests.helpers.server import RunningExtranet

pytestmark = agecli.requires_age

KEYRING_ENV = {"PYTHON_KEYRING_BACKEND": "keyring.backends.SecretService.Keyring"}


def test_send_exits_1_and_names_every_file_it_did_not_deliver(
    extranet: RunningExtranet, secret_keyring: SecretService.Keyring, tmp_path: Path
) -> None:
    login = run_cli(
        ["--server", extranet.url, "login", "--username", extranet.username, "--password-stdin"],
        stdin=extranet.password + "\n",
        env=KEYRING_ENV,
    )
    assert login.returncode == EXIT_OK, login.stderr
    folder = tmp_path / "Outbox"
    folder.mkdir()
    (folder / "fine.txt").write_bytes(b"delivered")
    os.mkfifo(folder / "pipe")  # not a file anyone can send
    (folder / "locked").symlink_to(folder / "locked")  # any read of it fails (ELOOP)
    (folder / os.fsdecode(b"caf\xe9.txt")).write_bytes(b"a Latin-1 name")
    send = run_cli(["--server", extranet.url, "send", str(folder)], env=KEYRING_ENV)
    assert send.returncode == EXIT_FAILED, send.stderr
    assert send.stdout.splitlines() == ["delivered: Outbox/fine.txt"]
    unsent = [line for line in send.stderr.splitlines() if line.startswith("not delivered: ")]
    assert unsent == [
        f"not delivered: {folder}/caf\\udce9.txt",
        f"not delivered: {folder}/locked",
        f"not delivered: {folder}/pipe",
    ]
    assert "1 delivered, 3 not delivered" in send.stderr
    again = run_cli(["--server", extranet.url, "send", str(folder / "fine.txt")], env=KEYRING_ENV)
    assert again.returncode == EXIT_OK, again.stderr  # already delivered: not a failure
