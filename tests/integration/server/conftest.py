"""Helpers for the server's integration tests: signed-in httpx clients and tus requests."""

from __future__ import annotations

import base64
import itertools
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx
import pytest

from noomus_extranet.auth import Authenticator
from tests.helpers.agefake import fake_age
from tests.helpers.server import RunningExtranet

AGE_PREFIX = b"age-encryption.org/v1\n"
TUS = {"Tus-Resumable": "1.0.0"}
OFFSET_TYPE = {"Content-Type": "application/offset+octet-stream"}


def fake_ciphertext(size: int, seed: bytes = b"x") -> bytes:
    """Bytes that pass the server's age checks (the server cannot tell more); shorter than a
    header (about 170 bytes), the first bytes of one."""
    return fake_age(size, seed)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@dataclass
class Api:
    """A signed-in client of one server."""

    server: RunningExtranet
    client: httpx.Client
    tokens: dict[str, object]

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens['access_token']}"}

    def tus(self, **extra: str) -> dict[str, str]:
        return {**TUS, **self.auth, **extra}

    def create(self, length: int, metadata: str | None = None, **extra: str) -> str:
        headers = self.tus(**{"Upload-Length": str(length)}, **extra)
        if metadata is not None:
            headers["Upload-Metadata"] = metadata
        response = self.client.post("/api/v1/uploads/", headers=headers)
        assert response.status_code == 201, response.text
        return response.headers["Location"]

    def patch(self, location: str, offset: int, body: bytes, **extra: str) -> httpx.Response:
        headers = self.tus(**{"Upload-Offset": str(offset)}, **OFFSET_TYPE, **extra)
        return self.client.patch(location, headers=headers, content=body)

    def head(self, location: str) -> httpx.Response:
        return self.client.head(location, headers=self.tus())

    def upload(self, data: bytes) -> httpx.Response:
        return self.patch(self.create(len(data)), 0, data)


def login(
    client: httpx.Client, username: str, password: str, device: str = "test device"
) -> httpx.Response:
    return client.post(
        "/api/v1/auth/login",
        json={"username": username, "password": password, "device_name": device},
    )


@pytest.fixture
def api_factory(
    extranet: RunningExtranet,
) -> Iterator[Callable[..., Api]]:
    """``api_factory(username=None, password=None, server=None)`` -> a signed-in :class:`Api`."""
    clients: list[httpx.Client] = []

    def factory(
        username: str | None = None,
        password: str | None = None,
        server: RunningExtranet | None = None,
    ) -> Api:
        server = server or extranet
        client = httpx.Client(base_url=server.url, timeout=30.0)
        clients.append(client)
        response = login(client, username or server.username, password or server.password)
        assert response.status_code == 200, response.text
        return Api(server, client, response.json())

    yield factory
    for client in clients:
        client.close()


@pytest.fixture
def api(api_factory: Callable[..., Api]) -> Api:
    return api_factory()


_accounts = itertools.count(1)


@pytest.fixture
def new_api(extranet: RunningExtranet) -> Iterator[Callable[[], Api]]:
    """``new_api()`` -> a new user of ``extranet``, signed in: for tests that share one server
    (a start costs seconds) yet must not share an account. The session is made in this
    process, as ``/auth/login`` would make it, because a shared server would soon refuse the
    sign-ins of its tests at its per-address limit (30 in 5 minutes, tested through the
    route in ``test_auth.py``)."""
    clients: list[httpx.Client] = []

    def factory() -> Api:
        username = f"user{os.getpid()}n{next(_accounts)}"
        password = f"{username}-password-1234"
        admin = extranet.open_admin()
        try:
            email = f"{username}@example.com"
            admin.add_user(username, "Test User", "Test Company", email, password)
            pair = Authenticator(admin.db, access_ttl=3600, refresh_ttl=86400).login(
                username, password, "test device", "127.0.0.1"
            )
        finally:
            admin.db.close()
        client = httpx.Client(base_url=extranet.url, timeout=30.0)
        clients.append(client)
        tokens: dict[str, object] = {
            "access_token": pair.access_token,
            "refresh_token": pair.refresh_token,
            "user": {"username": username},
        }
        return Api(extranet, client, tokens)

    yield factory
    for client in clients:
        client.close()
