"""CredentialStore over a real Secret Service (gnome-keyring), and the backends it refuses."""

from __future__ import annotations

import base64
import logging
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend
from keyring.backends import SecretService, fail, null

from noomus_desktop.core.credentials import SERVICE, CredentialStore, account_key
from tests.helpers.keyring import keyring_items, locked_keyring

URL = "https://extranet.example"
TOKEN = "refresh-token-that-must-stay-secret"


def test_save_load_delete(
    secret_keyring: SecretService.Keyring, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    store = CredentialStore(secret_keyring)
    assert store.available
    assert store.load(URL, "alice") is None
    assert store.save(URL, "alice", TOKEN)
    assert store.save("https://other.example", "alice", "other-token")
    assert store.save(URL, "bob", "bob-token")
    # Really in the Secret Service (read with secretstorage, not through keyring).
    items = keyring_items()
    assert items[(SERVICE, "alice @ https://extranet.example")] == TOKEN.encode()
    assert len(items) == 3
    assert store.load(URL + "/", "alice") == TOKEN  # the same server, however it is written
    assert store.delete(URL, "alice")
    assert store.load(URL, "alice") is None
    assert store.load("https://other.example", "alice") == "other-token"
    assert store.delete(URL, "alice")  # deleting what is not there is fine
    assert store.problem is None
    assert TOKEN not in caplog.text


def test_overwrite_keeps_one_entry(secret_keyring: SecretService.Keyring) -> None:
    store = CredentialStore(secret_keyring)
    store.save(URL, "alice", "first")
    store.save(URL, "alice", "second")
    assert keyring_items() == {(SERVICE, account_key(URL, "alice")): b"second"}


def test_locked_keyring_stores_nothing_and_says_so(
    secret_keyring: SecretService.Keyring, caplog: pytest.LogCaptureFixture
) -> None:
    store = CredentialStore(secret_keyring)
    store.save(URL, "alice", "old-token")
    with locked_keyring():
        assert not store.save(URL, "alice", TOKEN)
        assert store.problem == "keyring save failed (KeyringLocked)"
        assert store.load(URL, "alice") is None
        assert not store.delete(URL, "alice")
    assert TOKEN not in caplog.text
    assert keyring_items() == {(SERVICE, account_key(URL, "alice")): b"old-token"}


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()], ids=["fail", "null"])
def test_no_keyring(backend: KeyringBackend, noomus_home: Path) -> None:
    store = CredentialStore(backend)
    assert not store.available
    assert not store.save(URL, "alice", TOKEN)
    assert store.problem and "no usable keyring" in store.problem
    assert store.load(URL, "alice") is None
    assert store.delete(URL, "alice")
    assert not any(p.is_file() for p in noomus_home.rglob("*"))


def test_file_keyrings_are_refused(tmp_path: Path) -> None:
    file_backends = pytest.importorskip(
        "keyrings.alt.file", reason="keyrings.alt (its file backends) is not installed"
    )
    backend = file_backends.PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring_pass.cfg")
    store = CredentialStore(backend)
    assert not store.available
    assert not store.save(URL, "alice", TOKEN)
    assert store.problem and "file-based keyring refused" in store.problem
    assert not (tmp_path / "keyring_pass.cfg").exists()
    # The backend itself would have written the token in clear (base64): what we refuse.
    backend.set_password(SERVICE, "probe", TOKEN)
    assert base64.b64encode(TOKEN.encode()) in (tmp_path / "keyring_pass.cfg").read_bytes()
