"""The Account's session against the real extranet: expiry, single-flight refresh, and a
session ended by the server while the app runs."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator

import httpx
import pytest
from keyring.backends import SecretService

from noomus_desktop.core import api
from noomus_desktop.core.account import Account
from noomus_desktop.core.config import BuildConfig, Settings
from noomus_desktop.core.credentials import SERVICE, CredentialStore, account_key
from noomus_desktop.core.errors import NoomusError
from tests.helpers.keyring import keyring_items, session_items
from tests.helpers.server import RunningExtranet

THREADS = 8


@pytest.fixture
def open_account(
    secret_keyring: SecretService.Keyring,
) -> Iterator[Callable[[RunningExtranet], Account]]:
    """Accounts on the test keyring, closed (their connections too) after the test."""
    made: list[Account] = []

    def factory(server: RunningExtranet) -> Account:
        account = Account(
            Settings(server_url=server.url),
            BuildConfig(),
            credentials=CredentialStore(secret_keyring),
            device_name="test device",
        )
        made.append(account)
        return account

    yield factory
    for account in made:
        account.close()


def access_log_count(server: RunningExtranet, method: str, path: str) -> int:
    """How many such requests the server's access log recorded.

    The server writes a line just after answering, so first wait for the line of a marker
    request sent after everything else.
    """
    marker = f"/api/v1/log-marker-{uuid.uuid4().hex}"
    assert httpx.get(server.url + marker).status_code == 404
    deadline = time.monotonic() + 10
    while marker not in (text := server.log_file.read_text()):
        assert time.monotonic() < deadline, "the access log did not catch up"
        time.sleep(0.02)
    return sum(f" {method} {path} " in line for line in text.splitlines())


def test_expired_token_refreshes_once_for_many_threads(
    extranet_factory: Callable[..., RunningExtranet],
    open_account: Callable[[RunningExtranet], Account],
) -> None:
    server = extranet_factory(access_token_ttl=3)
    account = open_account(server)
    account.sign_in(server.username, server.password, remember=True)
    key = (SERVICE, account_key(server.url, server.username))
    stored_at_sign_in = keyring_items()[key]
    time.sleep(3.5)  # let the access token really expire on the server

    barrier = threading.Barrier(THREADS)
    results: list[object] = []

    def fetch() -> None:
        barrier.wait()
        try:
            results.append(account.deliveries())
        except NoomusError as exc:
            results.append(exc)

    threads = [threading.Thread(target=fetch) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results == [[]] * THREADS
    # One refresh went out: two with the same refresh token would have ended the session
    # (reuse detection), and the access log counts them.
    assert access_log_count(server, "POST", "/api/v1/auth/refresh") == 1
    assert access_log_count(server, "GET", "/api/v1/deliveries") >= 2 * THREADS - 1
    assert account.signed_in

    # Eight workers starting transfers reuse one recent answer for the recipients.
    asked = access_log_count(server, "GET", "/api/v1/info")
    barrier = threading.Barrier(THREADS)
    recipients: list[tuple[str, ...]] = []

    def ask() -> None:
        barrier.wait()
        recipients.append(account.recipients())

    threads = [threading.Thread(target=ask) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert recipients == [(server.recipient,)] * THREADS
    assert access_log_count(server, "GET", "/api/v1/info") <= asked + 1
    # The rotated refresh token replaced the old one in the keyring.
    stored_now = keyring_items()[key]
    assert stored_now != stored_at_sign_in

    # Signing out after the access token expired again still revokes the session on the
    # server (the client renews first), and forgets the keyring entry.
    time.sleep(3.5)
    account.sign_out()
    assert access_log_count(server, "POST", "/api/v1/auth/logout 204") == 1
    assert session_items() == {}


def test_report_lost_from_another_device_signs_out_here(
    extranet: RunningExtranet, open_account: Callable[[RunningExtranet], Account]
) -> None:
    account = open_account(extranet)
    ended: list[NoomusError] = []
    account.add_signed_out_listener(ended.append)
    account.sign_in(extranet.username, extranet.password, remember=True)
    failed = account.headers()
    assert failed["Authorization"].startswith("Bearer ")
    assert len(session_items()) == 1

    with api.ApiClient(extranet.url) as phone:
        phone.report_lost(extranet.username, note="lost my laptop")

    # An upload thread got a 401/403 and asks the account to refresh, as the uploader does.
    assert account.refresh(failed) is False
    assert [e.code for e in ended] == ["account_locked"]
    assert not account.signed_in and account.user is None
    assert session_items() == {}
    assert account.headers() == {}
    with pytest.raises(NoomusError) as not_signed_in:
        account.deliveries()
    assert not_signed_in.value.code == "not_signed_in"
    # Starting the app again finds nothing to restore.
    assert open_account(extranet).restore() is None

    # A coordinator's password reset revokes every device of that user: the next call
    # refreshes and is told the session is over.
    extranet.add_user("bob", "bob-password-123")
    account.sign_in("bob", "bob-password-123", remember=True)
    extranet.admin(
        "users", "reset-password", "bob", "--password-stdin", stdin="a-brand-new-password-1\n"
    )
    with pytest.raises(api.SessionEndedError) as caught:
        account.deliveries()
    assert caught.value.reason == "refresh_invalid"
    assert [e.code for e in ended] == ["account_locked", "session_ended"]
    assert session_items() == {}
