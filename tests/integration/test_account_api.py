"""ApiClient against the real extranet on loopback: every path and every error code.

A server takes seconds to start on a loaded 2-core CI machine, so each test drives one server
through several scenarios, with a separate user for each account state.
"""

from __future__ import annotations

import pytest

from noomus_desktop.core import api
from tests.helpers.server import RunningExtranet

DEVICE = "test device"


def test_info_sign_in_history_refresh_logout(extranet: RunningExtranet) -> None:
    with api.ApiClient(extranet.url) as client:
        info = client.info()
        assert info.recipients == (extranet.recipient,)
        assert info.uploads_url == f"{extranet.url}/api/v1/uploads/"
        assert info.status == "ok" and not info.suspended
        assert info.max_upload_size > 0
        assert info.contact.email
        assert info.request_account_url.startswith("https://")

        first = client.login(extranet.username, extranet.password, DEVICE)
        assert first.user.username == "alice" and first.user.state == "active"
        assert first.expires_in > 0
        assert client.me() == first.user
        assert client.deliveries() == []
        with pytest.raises(api.NotFoundError):
            client.delivery(12345)

        # The refresh token rotates.
        second = client.refresh(first.refresh_token)
        assert second.refresh_token != first.refresh_token
        assert second.access_token != first.access_token
        assert client.me().username == "alice"

        client.logout()
        with pytest.raises(api.SessionEndedError):
            client.me()  # known locally, without asking
        # The server revoked the tokens: it refuses them too.
        with api.ApiClient(extranet.url) as other:
            other.session = api.Session(other, second)
            with pytest.raises(api.SessionEndedError) as caught:
                other.me()
            assert caught.value.code == "session_ended"
            with pytest.raises(api.SessionEndedError) as caught:
                other.refresh(second.refresh_token)
            assert caught.value.reason == "refresh_invalid"

        # Reusing a used refresh token (a copied one) ends that device's session.
        third = client.login(extranet.username, extranet.password, DEVICE)
        fourth = client.refresh(third.refresh_token)
        with pytest.raises(api.SessionEndedError):
            client.refresh(third.refresh_token)
        with pytest.raises(api.SessionEndedError):
            client.refresh(fourth.refresh_token)

        extranet.kill()
        client_offline = api.ApiClient(extranet.url, retries=1, backoff=0.01)
        with client_offline, pytest.raises(api.OfflineError) as offline:
            client_offline.info()
        assert offline.value.transient and offline.value.code == "offline"


def test_account_states_become_typed_errors(extranet: RunningExtranet) -> None:
    users = {name: f"{name}-password-123" for name in ("bob", "carol", "dave", "erin")}
    for name, password in users.items():
        extranet.add_user(name, password)
    with api.ApiClient(extranet.url) as client:
        # Wrong password, and an unknown user: the same error.
        with pytest.raises(api.InvalidCredentialsError) as wrong:
            client.login("alice", "not-the-password", DEVICE)
        assert wrong.value.code == "invalid_credentials" and wrong.value.status == 401
        with pytest.raises(api.InvalidCredentialsError):
            client.login("nobody-here", "not-the-password", DEVICE)
        assert not client.session

        # Report-lost without signing in: same answer for a real and an unknown user; locks.
        known = client.report_lost("bob", note="laptop stolen")
        assert known and known == client.report_lost("nobody-here")
        with pytest.raises(api.AccountLockedError) as locked:
            client.login("bob", users["bob"], DEVICE)
        assert locked.value.code == "account_locked"

        # Report-lost while signed in: the session is over, with the account's reason.
        tokens = client.login("carol", users["carol"], DEVICE)
        client.report_lost("carol", access_token=tokens.access_token)
        with pytest.raises(api.AccountLockedError):
            client.me()
        session = client.session
        assert session is not None and isinstance(session.ended, api.AccountLockedError)

        # Disabled by Noomus while signed in, and at sign-in.
        client.login("dave", users["dave"], DEVICE)
        extranet.admin("users", "disable", "dave")
        with pytest.raises(api.AccountDisabledError):
            client.deliveries()
        with pytest.raises(api.AccountDisabledError) as disabled:
            client.login("dave", users["dave"], DEVICE)
        assert disabled.value.code == "account_disabled"

        # Too many failed attempts for one user.
        with pytest.raises(api.RateLimitedError) as limited:
            for _ in range(20):
                with pytest.raises(api.InvalidCredentialsError):
                    client.login("erin", "wrong-password-1", DEVICE)
        assert limited.value.retry_after is not None and limited.value.retry_after > 0
        assert limited.value.transient

        # The whole service suspended, then resumed.
        extranet.admin("service", "suspend")
        assert client.info().suspended
        with pytest.raises(api.ServiceSuspendedError) as suspended:
            client.login("alice", extranet.password, DEVICE)
        assert suspended.value.transient and suspended.value.status == 503
        extranet.admin("service", "resume")
        assert client.login("alice", extranet.password, DEVICE).user.username == "alice"
