"""Sessions a customer controls, and sessions that end.

Before: each refresh issued a new 30-day token, so a session never ended; a customer could
not see or end their signed-in devices, nor change their password; a coordinator's password
stayed the user's password.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx
import pytest

from tests.helpers.server import RunningExtranet

LIFETIME = 3


@pytest.fixture(scope="module")
def extranet(module_extranet_factory: Callable[..., RunningExtranet]) -> RunningExtranet:
    return module_extranet_factory()


def _login(server: RunningExtranet, username: str, password: str) -> httpx.Response:
    body = {"username": username, "password": password, "device_name": f"{username}'s laptop"}
    return httpx.post(f"{server.url}/api/v1/auth/login", json=body, timeout=30)


def _bearer(tokens: dict[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def _change_password(
    client: httpx.Client, tokens: dict[str, str], current: str, new: str
) -> httpx.Response:
    return client.post(
        "/api/v1/auth/password",
        json={"current_password": current, "new_password": new},
        headers=_bearer(tokens),
    )


def test_refreshing_cannot_extend_a_session_past_its_lifetime(
    extranet_factory: Callable[..., RunningExtranet],
) -> None:
    server = extranet_factory(session_lifetime=LIFETIME)
    tokens = _login(server, "alice", server.password).json()
    signed_in = time.monotonic()
    answers = []
    with httpx.Client(base_url=server.url, timeout=30) as client:
        while time.monotonic() - signed_in < LIFETIME + 5:
            refreshed = client.post(
                "/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
            )
            answers.append(refreshed.status_code)
            if refreshed.status_code != 200:
                break
            tokens = refreshed.json()
            assert tokens["expires_in"] <= LIFETIME
            time.sleep(0.5)
        me = client.get("/api/v1/me", headers=_bearer(tokens))
    assert answers[0] == 200 and answers[-1] == 401
    assert me.json()["error"]["code"] == "token_expired"


def test_a_customer_sees_and_ends_their_devices(extranet: RunningExtranet) -> None:
    extranet.add_user("bob", "bob-password-123")
    here = _login(extranet, "alice", extranet.password).json()
    there = _login(extranet, "alice", extranet.password).json()
    bob = _login(extranet, "bob", "bob-password-123").json()
    with httpx.Client(base_url=extranet.url, timeout=30) as client:
        listed = client.get("/api/v1/sessions", headers=_bearer(here)).json()["sessions"]
        assert [s["current"] for s in listed] == [False, True]
        assert {s["device_name"] for s in listed} == {"alice's laptop"}
        other = listed[0]["id"]
        bobs = client.get("/api/v1/sessions", headers=_bearer(bob)).json()["sessions"][0]["id"]
        assert client.delete(f"/api/v1/sessions/{bobs}", headers=_bearer(here)).status_code == 404
        assert client.delete(f"/api/v1/sessions/{other}", headers=_bearer(here)).status_code == 204
        ended = client.get("/api/v1/me", headers=_bearer(there))
        assert ended.json()["error"]["code"] == "token_invalid"
        assert client.get("/api/v1/me", headers=_bearer(bob)).status_code == 200
        assert client.get("/api/v1/me", headers=_bearer(here)).status_code == 200


def test_changing_the_password_ends_every_other_session(extranet: RunningExtranet) -> None:
    extranet.add_user("carol", "carol-password-1")
    here = _login(extranet, "carol", "carol-password-1").json()
    there = _login(extranet, "carol", "carol-password-1").json()
    with httpx.Client(base_url=extranet.url, timeout=30) as client:
        wrong = _change_password(client, here, "not-the-password", "carol-password-2")
        assert wrong.json()["error"]["code"] == "invalid_credentials"
        changed = _change_password(client, here, "carol-password-1", "carol-password-2")
        assert changed.status_code == 204
        assert client.get("/api/v1/me", headers=_bearer(there)).status_code == 401
        assert client.get("/api/v1/me", headers=_bearer(here)).status_code == 200
    assert _login(extranet, "carol", "carol-password-1").status_code == 401
    assert _login(extranet, "carol", "carol-password-2").status_code == 200


def test_a_one_time_password_must_be_changed_first(extranet: RunningExtranet) -> None:
    extranet.add_user("dave", "dave-password-1")
    extranet.admin(
        "users",
        "reset-password",
        "dave",
        "--one-time",
        "--password-stdin",
        stdin="one-time-pass-1\n",
    )
    signed_in = _login(extranet, "dave", "one-time-pass-1").json()
    assert signed_in["password_change_required"] is True
    with httpx.Client(base_url=extranet.url, timeout=30) as client:
        blocked = client.get("/api/v1/me", headers=_bearer(signed_in))
        assert blocked.status_code == 403
        assert blocked.json()["error"]["code"] == "password_change_required"
        changed = _change_password(client, signed_in, "one-time-pass-1", "dave-own-password")
        assert changed.status_code == 204
        assert client.get("/api/v1/me", headers=_bearer(signed_in)).status_code == 200
    assert _login(extranet, "dave", "dave-own-password").json()["password_change_required"] is False
