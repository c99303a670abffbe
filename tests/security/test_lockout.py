"""An attacker guessing passwords cannot keep the real user out (ASVS 2.2.1).

Before: with an attacker guessing every 0.2 s, the owner's correct password got 429 almost
every time, and a successful sign-in reset the per-user failure count. Now a device that
signed in before (its ``device_token``) has its own limit; only devices that never signed
in share the per-user one. The clients here stand at distinct IPs (a trusted proxy's
``X-Forwarded-For``), as the attacker and the owner would.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import httpx
import pytest

from tests.helpers.server import RunningExtranet

ATTEMPTS = 3


@pytest.fixture(scope="module")
def extranet(module_extranet_factory: Callable[..., RunningExtranet]) -> RunningExtranet:
    return module_extranet_factory(
        login_attempts=ATTEMPTS, login_window=60, trusted_proxy="127.0.0.1"
    )


def _login(
    server: RunningExtranet, username: str, password: str, ip: str, device_token: str | None = None
) -> httpx.Response:
    body = {"username": username, "password": password, "device_name": "laptop"}
    if device_token is not None:
        body["device_token"] = device_token
    return httpx.post(
        f"{server.url}/api/v1/auth/login",
        json=body,
        headers={"X-Forwarded-For": ip},
        timeout=60,
    )


def test_a_guessing_attacker_does_not_keep_the_owner_out(extranet: RunningExtranet) -> None:
    first = _login(extranet, "alice", extranet.password, "198.51.100.1")
    device_token = first.json()["device_token"]
    assert device_token.startswith("nxd_")
    stop = threading.Event()
    guesses: list[int] = []

    def attacker() -> None:
        i = 0
        while not stop.is_set():
            i += 1
            guess = _login(extranet, "alice", f"guess-{i:04}", f"203.0.113.{i % 250}")
            guesses.append(guess.status_code)
            stop.wait(0.1)

    thread = threading.Thread(target=attacker)
    thread.start()
    try:
        while guesses.count(429) < 3:
            time.sleep(0.1)
        owner = [
            _login(extranet, "alice", extranet.password, "198.51.100.1", device_token).status_code
            for _ in range(4)
        ]
        new_device = _login(extranet, "alice", extranet.password, "198.51.100.2").status_code
    finally:
        stop.set()
        thread.join()
    assert guesses.count(401) == ATTEMPTS  # the attacker got no more than the limit
    assert owner == [200] * 4
    assert new_device == 429  # a device that never signed in waits for the window

    # A stolen device token gives no more guesses than the limit, then it is forgotten.
    stolen = [
        _login(extranet, "alice", f"stolen-{i}", "192.0.2.9", device_token).status_code
        for i in range(ATTEMPTS + 1)
    ]
    assert stolen == [401] * ATTEMPTS + [429]
    again = _login(extranet, "alice", extranet.password, "198.51.100.1", device_token)
    assert again.status_code == 429  # no longer known: back under the (spent) user limit


def test_a_success_does_not_reset_the_failure_count(extranet: RunningExtranet) -> None:
    extranet.add_user("bob", "bob-password-123")
    ip = "198.51.100.20"
    answers = [
        _login(extranet, "bob", "wrong-1", ip).status_code,
        _login(extranet, "bob", "wrong-2", ip).status_code,
        _login(extranet, "bob", "bob-password-123", ip).status_code,
        _login(extranet, "bob", "wrong-3", ip).status_code,
        _login(extranet, "bob", "bob-password-123", ip).status_code,
    ]
    assert answers == [401, 401, 200, 401, 429]
