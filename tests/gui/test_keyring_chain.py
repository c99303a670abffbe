""" "Remember me" with keyring's own choice of backend, as on a customer's machine where
``keyrings.alt`` sits beside a real gnome-keyring: the file-based backends in the chain are
passed over, not allowed to veto the Secret Service (they once made "Remember me" do nothing).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import keyring.backend
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import SecretService, chainer
from pytestqt.qtbot import QtBot

from noomus_desktop.cli import EXIT_OK
from noomus_desktop.core.account import Account
from noomus_desktop.core.credentials import SERVICE, CredentialStore, account_key
from noomus_desktop.ui.controller import AppController
from noomus_desktop.ui.sign_in_dialog import SignInDialog
from tests.gui.conftest import make_account
from tests.helpers import agecli
from tests.helpers.keyring import keyring_items, session_items
from tests.helpers.proc import run_cli
from tests.helpers.server import RunningExtranet

Factory = Callable[..., AppController]


@pytest.fixture
def default_chain(
    secret_keyring: SecretService.Keyring, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[chainer.ChainerBackend]:
    """keyring's default choice on this machine: a chain of every viable backend."""
    pytest.importorskip("keyrings.alt.file", reason="keyrings.alt is a test extra")
    # keyrings.alt writes under the data folder: a private one, to see that nothing lands there.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    # keyring looks for viable backends once per process: look again, now D-Bus is there.
    _look_again()
    chain = chainer.ChainerBackend()
    modules = [type(b).__module__ for b in chain.backends]
    assert any(m.startswith("keyrings.alt") for m in modules), modules
    assert any(isinstance(b, SecretService.Keyring) for b in chain.backends), modules
    keyring.set_keyring(chain)
    yield chain
    _look_again()


def _look_again() -> None:
    """Forget keyring's once-per-process list of viable backends (``jaraco.functools.once``)."""
    vars(keyring.backend.get_all_keyring).pop("saved_result", None)


def test_the_chain_stores_in_the_secret_service_only(
    default_chain: KeyringBackend, tmp_path: Path
) -> None:
    store = CredentialStore()
    assert store.available
    assert store.save("https://x.example", "alice", "refresh-token")
    key = account_key("https://x.example", "alice")
    assert keyring_items() == {(SERVICE, key): b"refresh-token"}
    assert not any(p.is_file() for p in (tmp_path / "xdg-data").rglob("*"))


def test_remember_me_survives_a_restart(
    qtbot: QtBot,
    make_controller: Factory,
    extranet: RunningExtranet,
    default_chain: KeyringBackend,
) -> None:
    first = make_controller(extranet.url)
    first.start()
    dialog = first.sign_in_dialog
    assert dialog is not None
    assert dialog.remember.isEnabled() and dialog.keyring_note.isHidden()
    dialog.remember.setChecked(True)
    dialog.prefill(extranet.username, extranet.password)
    with qtbot.waitSignal(first.engine_started, timeout=20_000):
        dialog.sign_in_button.click()
    first.quit()

    again = make_controller(extranet.url, remember_me=True, last_username=extranet.username)
    with qtbot.waitSignal(again.engine_started, timeout=20_000):
        again.start()
    assert again.sign_in_dialog is None


def test_no_trustworthy_keyring_is_said_beside_the_box(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file_backends = pytest.importorskip("keyrings.alt.file")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    only_files = CredentialStore(file_backends.PlaintextKeyring())
    account = make_account("http://127.0.0.1:9")
    account = Account(account.settings, account.build, credentials=only_files)
    dialog = SignInDialog(account)
    qtbot.addWidget(dialog)
    assert not dialog.keyring_note.isHidden()
    assert "password each time" in dialog.keyring_note.text()
    assert not dialog.remember.isEnabled() and not dialog.remember.isChecked()


@agecli.requires_age
def test_cli_login_then_send_in_a_new_process_needs_no_password(
    extranet: RunningExtranet, default_chain: KeyringBackend, tmp_path: Path
) -> None:
    """No PYTHON_KEYRING_BACKEND: each process lets keyring pick, as a customer's would."""
    login = run_cli(
        ["--server", extranet.url, "login", "--username", extranet.username, "--password-stdin"],
        stdin=extranet.password + "\n",
    )
    assert login.returncode == EXIT_OK, login.stderr
    assert "could not" not in (login.stdout + login.stderr).lower()
    assert len(session_items()) == 1
    file = tmp_path / "report.pdf"
    file.write_bytes(os.urandom(10_000))
    send = run_cli(["--server", extranet.url, "send", str(file)], stdin="")
    assert send.returncode == EXIT_OK, send.stderr
    assert send.stdout.strip() == "delivered: report.pdf"
