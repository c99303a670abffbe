"""Forwarded headers and the Host header, from an attacker on the same machine as the server.

Before: ``X-Forwarded-For`` was believed from any loopback peer (uvicorn's default), so
rotating it gave every guess a fresh per-IP budget and forged the IP in the session list and
the access log; and without ``--public-url`` the Host header was reflected into
``uploads_url`` and ``Location``.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests.helpers.server import RunningExtranet

GUESSES = 7
IP_LIMIT = 3


def _guess(client: httpx.Client, i: int, forwarded: str) -> int:
    body = {"username": f"user{i}", "password": "wrong-password-1", "device_name": "laptop"}
    headers = {"X-Forwarded-For": forwarded}
    return client.post("/api/v1/auth/login", json=body, headers=headers).status_code


@pytest.fixture(scope="module")
def direct(module_extranet_factory: Callable[..., RunningExtranet]) -> RunningExtranet:
    return module_extranet_factory(login_ip_attempts=IP_LIMIT, login_window=60)


@pytest.fixture(scope="module")
def proxied(module_extranet_factory: Callable[..., RunningExtranet]) -> RunningExtranet:
    return module_extranet_factory(
        login_ip_attempts=IP_LIMIT,
        login_window=60,
        trusted_proxy="127.0.0.1",
        public_url="https://extranet.example",
    )


def test_rotating_xff_without_a_trusted_proxy_changes_nothing(direct: RunningExtranet) -> None:
    with httpx.Client(base_url=direct.url, timeout=30) as client:
        statuses = [_guess(client, i, f"203.0.113.{i}") for i in range(GUESSES)]
        signed_in = client.post(
            "/api/v1/auth/login",
            json={"username": "alice", "password": direct.password, "device_name": "d"},
            headers={"X-Forwarded-For": "198.51.100.7", "X-Forwarded-Proto": "https"},
        )
    assert statuses == [401] * IP_LIMIT + [429] * (GUESSES - IP_LIMIT)
    assert signed_in.status_code == 429  # the same IP: its budget is spent
    access_log = (direct.data_dir / "logs" / "access.log").read_text()
    assert "203.0.113." not in access_log and "198.51.100.7" not in access_log


def test_xff_from_a_trusted_proxy_is_the_client(proxied: RunningExtranet) -> None:
    headers = {"Host": "extranet.example"}
    with httpx.Client(base_url=proxied.url, timeout=30, headers=headers) as client:
        statuses = [_guess(client, i, f"203.0.113.{i}, 127.0.0.1") for i in range(GUESSES)]
        one_ip = [_guess(client, i, "198.51.100.9") for i in range(IP_LIMIT + 1)]
        no_xff = client.post("/api/v1/auth/login", json={"username": "a", "password": "b"})
        body = {"username": "alice", "password": proxied.password, "device_name": "d"}
        signed_in = client.post(
            "/api/v1/auth/login", json=body, headers={"X-Forwarded-For": "192.0.2.44"}
        )
    assert statuses == [401] * GUESSES  # each client IP has its own budget
    assert one_ip == [401] * IP_LIMIT + [429]
    assert no_xff.status_code == 400  # a proxy that does not say who the client is
    assert signed_in.status_code == 200
    assert "192.0.2.44" in proxied.admin("users", "sessions", "alice")
    assert (
        "203.0.113.5 POST /api/v1/auth/login 401"
        in (proxied.data_dir / "logs" / "access.log").read_text()
    )


def test_the_host_header_is_never_reflected(
    direct: RunningExtranet, proxied: RunningExtranet
) -> None:
    evil = {"Host": "evil.example"}
    assert httpx.get(f"{direct.url}/api/v1/info", headers=evil).status_code == 421
    forwarded_evil = {**evil, "X-Forwarded-For": "192.0.2.1"}
    assert httpx.get(f"{proxied.url}/api/v1/info", headers=forwarded_evil).status_code == 421
    via_proxy = httpx.get(
        f"{proxied.url}/api/v1/info",
        headers={
            "Host": "extranet.example",
            "X-Forwarded-For": "192.0.2.1",
            "X-Forwarded-Proto": "https",
        },
    )
    assert via_proxy.json()["uploads_url"] == "https://extranet.example/api/v1/uploads/"
    assert via_proxy.headers["Strict-Transport-Security"].startswith("max-age=")
    local = httpx.get(f"{direct.url}/api/v1/info", headers={"Host": f"localhost:{direct.port}"})
    assert local.json()["uploads_url"] == f"http://localhost:{direct.port}/api/v1/uploads/"


def test_serving_off_loopback_needs_a_public_url(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "noomus_extranet", "--data", str(tmp_path), "serve"]
    refused = subprocess.run(
        [*command, "--host", "0.0.0.0", "--port", "0", "--insecure-http"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert refused.returncode == 1 and "--public-url" in refused.stderr


def test_two_host_headers_are_refused_not_reflected(direct: RunningExtranet) -> None:
    """The check read the last Host and the framework builds URLs from the first: with
    ``evil.com`` then ``localhost`` the info answer named evil.com (found by an attack review)."""
    request = (
        "GET /api/v1/info HTTP/1.1\r\n"
        "Host: evil.example\r\n"
        f"Host: localhost:{direct.port}\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", direct.port), timeout=10) as conn:
        conn.sendall(request)
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    status = answer.split(b"\r\n", 1)[0]
    assert b" 421 " in status or b" 400 " in status, status
    assert b"evil.example" not in answer
