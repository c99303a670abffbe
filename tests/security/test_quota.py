"""Quota exhaustion: one customer created 300 uploads of 100 GiB each in 1.6 s, all 201.

Now each user has limits on unfinished uploads (how many, and the bytes they declare), set
per server and per user, and a creation past them answers ``507 quota_exceeded``.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.helpers.server import RunningExtranet

TUS = {"Tus-Resumable": "1.0.0"}


@pytest.fixture(scope="module")
def extranet(module_extranet_factory: Callable[..., RunningExtranet]) -> RunningExtranet:
    return module_extranet_factory(quota_uploads=3, quota_bytes=10_000)


def _token(server: RunningExtranet, username: str, password: str) -> str:
    server.add_user(username, password)
    response = httpx.post(
        f"{server.url}/api/v1/auth/login",
        json={"username": username, "password": password, "device_name": "quota test"},
    )
    token: str = response.json()["access_token"]
    return token


def _create(server: RunningExtranet, token: str, length: int) -> httpx.Response:
    headers = {**TUS, "Authorization": f"Bearer {token}", "Upload-Length": str(length)}
    return httpx.post(f"{server.url}/api/v1/uploads/", headers=headers, timeout=30)


def test_uploads_past_the_count_or_bytes_are_refused(extranet: RunningExtranet) -> None:
    token = _token(extranet, "carol", "carol-password-1")
    answers = [_create(extranet, token, 1000).status_code for _ in range(3)]
    refused = _create(extranet, token, 1000)
    assert answers == [201, 201, 201]
    assert refused.status_code == 507
    assert refused.json()["error"]["code"] == "quota_exceeded"
    assert int(refused.headers["Retry-After"]) > 0

    # Another user is not affected; their bytes are counted on their own.
    other = _token(extranet, "dave", "dave-password-1")
    assert _create(extranet, other, 9000).status_code == 201
    too_many_bytes = _create(extranet, other, 1001)
    assert too_many_bytes.json()["error"]["code"] == "quota_exceeded"

    # A coordinator raises one user's limits; a terminated upload frees its share.
    extranet.admin("users", "set-quota", "carol", "--max-uploads", "4")
    assert _create(extranet, token, 1000).status_code == 201
    assert _create(extranet, token, 1000).status_code == 507
    location = _create(extranet, other, 1000).headers["Location"]
    httpx.delete(location, headers={**TUS, "Authorization": f"Bearer {other}"})
    assert _create(extranet, other, 1000).status_code == 201


def test_parallel_creations_do_not_exceed_the_quota(extranet: RunningExtranet) -> None:
    token = _token(extranet, "erin", "erin-password-1")
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda _: _create(extranet, token, 100).status_code, range(8)))
    assert sorted(statuses) == [201] * 3 + [507] * 5
