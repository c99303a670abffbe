"""``noomus-upload login`` with a coordinator's one-time password asks for the customer's own;
without one it signs out, and ``send`` says what to do. Real processes, the real extranet
(``users reset-password --one-time``), the test's private gnome-keyring."""

from __future__ import annotations

import subprocess
from pathlib import Path

from keyring.backends import SecretService

from noomus_desktop.cli import EXIT_OK, EXIT_SIGN_IN
from tests.gui.conftest import make_account
from tests.helpers import agecli
from tests.helpers.proc import UPLOAD_CLI, cli_env
from tests.helpers.server import RunningExtranet
from tests.integration.test_cli_extranet import KEYRING_ENV, _cli

pytestmark = agecli.requires_age

ONE_TIME = "one-time-pass-1"
OWN = "alice-own-password-1"


def set_one_time_password(server: RunningExtranet) -> None:
    """A coordinator gives ``server``'s user the one-time password ``ONE_TIME``."""
    server.admin(
        "users", "reset-password", server.username, "--one-time", "--password-stdin",
        stdin=ONE_TIME + "\n",
    )  # fmt: skip


def _login(server: RunningExtranet, lines: str) -> subprocess.CompletedProcess[str]:
    return _cli(server, "login", "--username", server.username, "--password-stdin", stdin=lines)


def _signed_in(server: RunningExtranet) -> bool:
    return make_account(server.url).credentials.load(server.url, server.username) is not None


def test_login_takes_the_new_password_from_the_next_line(
    extranet: RunningExtranet, secret_keyring: SecretService.Keyring, tmp_path: Path
) -> None:
    set_one_time_password(extranet)
    login = _login(extranet, f"{ONE_TIME}\n{OWN}\n")
    assert login.returncode == EXIT_OK, login.stderr
    assert "Choose your own password now" in login.stderr
    assert "Signed in as alice" in login.stdout
    document = tmp_path / "report.txt"
    document.write_text("sent with the customer's own password")
    send = _cli(extranet, "send", str(document))
    assert send.returncode == EXIT_OK, send.stderr
    assert len(list(extranet.data_dir.glob("inbox/*/*.age"))) == 1
    assert _login(extranet, OWN + "\n").returncode == EXIT_OK  # the new one is the password
    assert _login(extranet, ONE_TIME + "\n").returncode == EXIT_SIGN_IN


def test_login_without_a_new_password_signs_out_and_says_what_to_do(
    extranet: RunningExtranet, secret_keyring: SecretService.Keyring, tmp_path: Path
) -> None:
    set_one_time_password(extranet)
    login = _login(extranet, ONE_TIME + "\n")
    assert login.returncode == EXIT_SIGN_IN
    assert "No new password was given, so you are signed out" in login.stderr
    assert "noomus-upload login" in login.stderr
    assert not _signed_in(extranet)
    assert "active" not in extranet.admin("users", "sessions", extranet.username)


def test_login_at_a_terminal_asks_twice(
    extranet: RunningExtranet, secret_keyring: SecretService.Keyring
) -> None:
    """No ``--password-stdin``: ``getpass`` asks (here without a terminal it reads the lines
    given; ``start_new_session`` so it cannot find the test runner's terminal)."""
    set_one_time_password(extranet)

    def login(lines: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*UPLOAD_CLI, "--server", extranet.url, "login", "--username", extranet.username],
            input=lines,
            capture_output=True,
            text=True,
            timeout=120,
            env=cli_env(KEYRING_ENV),
            start_new_session=True,
            check=False,
        )

    different = login(f"{ONE_TIME}\n{OWN}\n{OWN}x\n")
    assert different.returncode == EXIT_SIGN_IN
    assert "The two new passwords are not the same" in different.stderr
    assert not _signed_in(extranet)
    same = login(f"{ONE_TIME}\n{OWN}\n{OWN}\n")
    assert same.returncode == EXIT_OK, same.stderr
    assert _signed_in(extranet)


def test_send_on_a_remembered_one_time_session_says_to_log_in(
    extranet: RunningExtranet, secret_keyring: SecretService.Keyring, tmp_path: Path
) -> None:
    """The window remembered the sign-in, then quit before the password was chosen."""
    set_one_time_password(extranet)
    account = make_account(extranet.url)
    account.sign_in(extranet.username, ONE_TIME, remember=True)
    assert account.password_change_required
    account.close()
    document = tmp_path / "waits.txt"
    document.write_text("not sent on a one-time password")
    send = _cli(extranet, "send", str(document))
    assert send.returncode == EXIT_SIGN_IN
    assert "Choose your own password first with: noomus-upload login" in send.stderr
    assert list(extranet.data_dir.glob("inbox/*/*.age")) == []
