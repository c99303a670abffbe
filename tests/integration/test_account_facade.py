"""The Account facade against the real extranet and a real Secret Service keyring."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend
from keyring.backends import SecretService, fail, null

from noomus_desktop.core import api, paths
from noomus_desktop.core.account import Account
from noomus_desktop.core.config import BuildConfig, load_settings
from noomus_desktop.core.credentials import SERVICE, CredentialStore, account_key, device_key
from noomus_desktop.core.pinning import RecipientPins, RecipientsChangedError
from tests.helpers.keyring import keyring_items, locked_keyring, session_items
from tests.helpers.server import RunningExtranet
from tests.integration.test_account_session import access_log_count


def _account(
    server: RunningExtranet, backend: KeyringBackend, build: BuildConfig | None = None
) -> Account:
    """The account as the app builds it at start-up: from the saved settings."""
    build = build or BuildConfig()
    settings = load_settings()
    settings.server_url = server.url
    return Account(
        settings,
        build,
        credentials=CredentialStore(backend),
        pins=RecipientPins(build_pins=build.pinned_recipients),
        device_name="test device",
    )


def _files_containing(root: Path, *secrets: str) -> list[Path]:
    return [
        path
        for path in root.rglob("*")
        if path.is_file() and any(s.encode() in path.read_bytes() for s in secrets)
    ]


def test_remember_me_keeps_only_the_refresh_token(
    extranet: RunningExtranet,
    secret_keyring: SecretService.Keyring,
    noomus_home: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    account = _account(extranet, secret_keyring)
    user = account.sign_in(extranet.username, extranet.password, remember=True)
    assert user.username == "alice" and account.remembered
    assert account.uploads_url == f"{extranet.url}/api/v1/uploads/"
    assert account.recipients() == (extranet.recipient,)
    session = account.auth.headers()["Authorization"].removeprefix("Bearer ")

    items = keyring_items()  # read through secretstorage, not keyring
    assert sorted(items) == [
        (SERVICE, account_key(extranet.url, "alice")),
        (SERVICE, device_key(extranet.url, "alice")),
    ]
    refresh_token = items[(SERVICE, account_key(extranet.url, "alice"))].decode()
    assert extranet.password.encode() not in b"".join(items.values())
    assert _files_containing(noomus_home, extranet.password, refresh_token, session) == []
    settings = load_settings()
    assert settings.last_username == "alice" and settings.remember_me
    account.close()

    # The next start signs in from the keyring, and stores the rotated token.
    again = _account(extranet, secret_keyring)
    assert again.restore() == user
    assert again.signed_in and again.deliveries() == []
    rotated = keyring_items()[(SERVICE, account_key(extranet.url, "alice"))].decode()
    assert rotated != refresh_token

    again.sign_out()
    assert session_items() == {}
    assert again.user is None
    with api.ApiClient(extranet.url) as other, pytest.raises(api.SessionEndedError):
        other.refresh(rotated)  # signed out on the server too
    assert _account(extranet, secret_keyring).restore() is None

    # Remember-me off stores nothing (and removes what an earlier sign-in stored).
    account = _account(extranet, secret_keyring)
    account.sign_in(extranet.username, extranet.password, remember=True)
    assert len(session_items()) == 1
    account.sign_in(extranet.username, extranet.password, remember=False)
    assert session_items() == {} and not account.remembered
    assert not load_settings().remember_me
    assert _account(extranet, secret_keyring).restore() is None
    account.close()
    assert caplog.text  # logging was on all along...
    for secret in (extranet.password, refresh_token, rotated, session):
        assert secret not in caplog.text  # ...and no secret reached it


def test_report_lost_and_restore_failures(
    extranet: RunningExtranet, secret_keyring: SecretService.Keyring
) -> None:
    extranet.add_user("bob", "bob-password-123")
    # Signed in as the reporting user: signed out here, entry deleted, account locked.
    account = _account(extranet, secret_keyring)
    account.sign_in("bob", "bob-password-123", remember=True)
    assert len(session_items()) == 1
    assert account.report_lost("bob", note="stolen")
    assert session_items() == {} and not account.signed_in
    with pytest.raises(api.AccountLockedError):
        account.sign_in("bob", "bob-password-123", remember=True)

    # Without signing in at all (the "forgot my password" link), and for an unknown user.
    fresh = _account(extranet, secret_keyring)
    assert fresh.report_lost("nobody-here") == fresh.report_lost("alice")
    with pytest.raises(api.AccountLockedError):
        fresh.sign_in(extranet.username, extranet.password, remember=False)
    extranet.admin(
        "users", "reset-password", "alice", "--password-stdin", stdin="another-password-123\n"
    )

    # Offline: a report that could not be sent changes nothing here; at start-up, the entry
    # is kept for next time.
    account = _account(extranet, secret_keyring)
    account.sign_in("alice", "another-password-123", remember=True)
    extranet.stop()
    with pytest.raises(api.OfflineError):
        account.report_lost("alice")
    assert account.signed_in and len(session_items()) == 1
    account.close()
    with pytest.raises(api.OfflineError):
        _account(extranet, secret_keyring).restore()
    assert len(session_items()) == 1
    extranet.start()
    # Disabled meanwhile: restore says so and forgets the entry.
    extranet.admin("users", "disable", "alice")
    with pytest.raises(api.AccountDisabledError):
        _account(extranet, secret_keyring).restore()
    assert session_items() == {}


def test_without_a_usable_keyring_sign_in_still_works(
    extranet: RunningExtranet, secret_keyring: SecretService.Keyring, noomus_home: Path
) -> None:
    """No keyring (fail), one that stores nothing (null), and a locked Secret Service."""
    for backend in (fail.Keyring(), null.Keyring()):
        account = _account(extranet, backend)
        account.sign_in(extranet.username, extranet.password, remember=True)
        assert account.signed_in and not account.remembered
        assert account.credentials.problem and "no usable keyring" in account.credentials.problem
        access = account.headers()["Authorization"].split()[1]
        assert _files_containing(noomus_home, extranet.password, access) == []
        assert _account(extranet, backend).restore() is None
        account.sign_out()

    account = _account(extranet, secret_keyring)
    with locked_keyring():
        account.sign_in(extranet.username, extranet.password, remember=True)
    assert account.signed_in and not account.remembered
    assert "KeyringLocked" in (account.credentials.problem or "")
    assert keyring_items() == {}
    account.close()


def test_recipients_are_pinned(
    extranet: RunningExtranet, secret_keyring: SecretService.Keyring, tmp_path: Path
) -> None:
    # Pinned in the build: another key is refused before the password is even sent.
    build = BuildConfig(pinned_recipients={extranet.url: ("age1someoneelse",)})
    pinned = _account(extranet, secret_keyring, build)
    with pytest.raises(RecipientsChangedError):
        pinned.sign_in(extranet.username, extranet.password, remember=True)
    assert access_log_count(extranet, "POST", "/api/v1/auth/login") == 0
    assert not pinned.signed_in and keyring_items() == {}

    # Trust on first use, then a change on the server stops everything.
    account = _account(extranet, secret_keyring)
    account.sign_in(extranet.username, extranet.password, remember=False)
    assert (paths.config_dir() / "pins.json").exists()
    assert account.recipients(max_age=0) == (extranet.recipient,)
    extranet.admin("keys", "generate", "--out", str(tmp_path / "new-staff.key"))
    with pytest.raises(RecipientsChangedError) as caught:
        account.recipients(max_age=0)
    assert caught.value.code == "recipients_changed"
    with pytest.raises(RecipientsChangedError):
        _account(extranet, secret_keyring).sign_in(extranet.username, extranet.password, False)
    account.close()
