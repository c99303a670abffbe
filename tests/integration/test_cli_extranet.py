"""``noomus-upload`` against the reference extranet, with a real Secret Service keyring.

The whole path a script takes: ``login --password-stdin``, ``send``, ``history``, ``logout``,
``report-lost``, and the exit codes a script switches on.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from keyring.backends import SecretService

from noomus_desktop.cli import EXIT_BLOCKED, EXIT_OK, EXIT_SIGN_IN
from tests.helpers import agecli
from tests.helpers.keyring import session_items
from tests.helpers.proc import run_cli
from tests.helpers.server import RunningExtranet

pytestmark = agecli.requires_age

#: The child process uses the test's private gnome-keyring (its D-Bus address is inherited).
KEYRING_ENV = {"PYTHON_KEYRING_BACKEND": "keyring.backends.SecretService.Keyring"}


def _cli(
    server: RunningExtranet, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return run_cli(["--server", server.url, *args], stdin=stdin, env=KEYRING_ENV)


def _login(
    server: RunningExtranet, password: str | None = None
) -> subprocess.CompletedProcess[str]:
    return _cli(
        server,
        "login",
        "--username",
        server.username,
        "--password-stdin",
        stdin=(password or server.password) + "\n",
    )


def test_login_send_history_logout(
    extranet: RunningExtranet, secret_keyring: SecretService.Keyring, tmp_path: Path
) -> None:
    wrong = _login(extranet, "not-the-password-123")
    assert wrong.returncode == EXIT_SIGN_IN and session_items() == {}
    login = _login(extranet)
    assert login.returncode == EXIT_OK, login.stderr
    assert "Signed in as alice" in login.stdout
    assert len(session_items()) == 1

    folder = tmp_path / "Invoices"
    folder.mkdir()
    (folder / "march.pdf").write_bytes(os.urandom(200_000))
    (folder / "april.pdf").write_bytes(b"april")
    send = _cli(extranet, "--chunk-size", "64K", "send", str(folder))
    assert send.returncode == EXIT_OK, send.stderr
    assert sorted(send.stdout.splitlines()) == [
        "delivered: Invoices/april.pdf",
        "delivered: Invoices/march.pdf",
    ]
    stored = sorted(extranet.data_dir.glob("inbox/*/*.age"))
    assert sorted(agecli.decrypt(p.read_bytes(), extranet.identity_file) for p in stored) == sorted(
        [b"april", (folder / "march.pdf").read_bytes()]
    )
    history = _cli(extranet, "history")
    assert "Invoices/march.pdf" in history.stdout and "#" in history.stdout

    logout = _cli(extranet, "logout")
    assert logout.returncode == EXIT_OK and session_items() == {}
    again = _cli(extranet, "send", str(folder))
    assert again.returncode == EXIT_SIGN_IN and "Sign in" in again.stderr


@pytest.mark.parametrize("how", ["report-lost", "disable"])
def test_blocked_account_or_service_exits_4(
    extranet: RunningExtranet,
    secret_keyring: SecretService.Keyring,
    tmp_path: Path,
    how: str,
) -> None:
    assert _login(extranet).returncode == EXIT_OK
    (tmp_path / "f.txt").write_text("blocked")
    if how == "report-lost":
        lost = _cli(extranet, "report-lost", "--username", extranet.username)
        assert lost.returncode == EXIT_OK and lost.stdout.strip()
    else:
        extranet.admin("users", "disable", extranet.username)
    result = _cli(extranet, "send", str(tmp_path / "f.txt"))
    # A lost-password report signs this device out (and the server locks the account).
    expected = EXIT_SIGN_IN if how == "report-lost" else EXIT_BLOCKED
    assert result.returncode == expected, result.stderr
    assert not list(extranet.data_dir.glob("inbox/*/*.age"))
