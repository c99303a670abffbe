"""No blocking call on the server's event loop, while it ingests an upload and answers a burst of
sign-ins: one blocked callback stalls every upload and sign-in the server is serving.

The real server runs in a subprocess under :mod:`tests.helpers.loopwatch` (asyncio debug mode,
``slow_callback_duration`` at 50 ms, the loop thread's stack sampled meanwhile). A slow callback
fails the test when the loop thread provably sat in one place in our code for at least
:data:`BLAMED_SECONDS` of it: consecutive samples at the same line, close together. The
sampler needs the GIL, so dense samples at one line mean the loop thread was inside a C call
that released it (a SQLite commit or lock wait, an fsync, a password hash): a blocking call.
A loaded machine (the process got no CPU, or the loop thread waited for the GIL) yields
samples far apart, which are not charged: no change to the server could avoid that time.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.helpers.server import RunningExtranet, make_extranet
from tests.integration.server.conftest import TUS, fake_ciphertext, login

MIB = 1024 * 1024
PATCH_SIZE = 4 * MIB
UPLOAD_SIZE = 40 * MIB
SIGN_INS = 10
#: Time charged to our code that makes a slow callback (at least 50 ms) ours.
BLAMED_SECONDS = 0.025
#: Samples further apart than this (the sampler takes one every 2 ms) were starved: not charged.
DENSE = 0.008
OUR_CODE = "/noomus_extranet/"


@pytest.fixture
def watched(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningExtranet, Path]]:
    base = tmp_path_factory.mktemp("watched")
    report = base / "slow-callbacks.jsonl"
    server = make_extranet(base, {"login_attempts": 1000, "login_ip_attempts": 1000})
    server.launcher = ("-m", "tests.helpers.loopwatch", str(report))
    try:
        server.start()
        yield server, report
    finally:
        server.kill()


def _upload(client: httpx.Client, auth: dict[str, str]) -> None:
    """Real tus: create, PATCH in 4 MiB pieces, HEAD; then create and terminate another."""
    data = fake_ciphertext(UPLOAD_SIZE)
    created = client.post("/api/v1/uploads/", headers={**auth, "Upload-Length": str(len(data))})
    assert created.status_code == 201, created.text
    location = created.headers["Location"]
    for offset in range(0, len(data), PATCH_SIZE):
        headers = {
            **auth,
            "Upload-Offset": str(offset),
            "Content-Type": "application/offset+octet-stream",
        }
        response = client.patch(location, headers=headers, content=data[offset:][:PATCH_SIZE])
        assert response.status_code == 204, response.text
    assert client.head(location, headers=auth).headers["Upload-Offset"] == str(len(data))
    other = client.post("/api/v1/uploads/", headers={**auth, "Upload-Length": "100"})
    assert client.delete(other.headers["Location"], headers=auth).status_code == 204


def _sign_in(server: RunningExtranet, right: bool) -> int:
    with httpx.Client(base_url=server.url, timeout=60) as client:
        password = server.password if right else "not-the-password"
        return login(client, server.username, password).status_code


def _charged(samples: list[dict[str, Any]]) -> tuple[float, Counter[str]]:
    """Seconds the loop thread provably sat at one line of our code (see the module doc)."""
    charged, where = 0.0, Counter[str]()
    for before, sample in itertools.pairwise(samples):
        here, gap = sample["stack"][0], sample["t"] - before["t"]
        if OUR_CODE in here and here == before["stack"][0] and gap <= DENSE:
            charged += gap
            where[here] += 1
    return charged, where


def _blamed(report: Path) -> list[str]:
    """The slow callbacks our code made slow, described."""
    if not report.exists():
        return []
    blamed = []
    for line in report.read_text().splitlines():
        slow = json.loads(line)
        charged, where = _charged(slow["samples"])
        if charged >= BLAMED_SECONDS:
            blamed.append(
                f"{slow['seconds']:.3f} s ({charged:.3f} s ours) in {slow['callback'][:200]}:"
                f" {where.most_common(3)}"
            )
    return blamed


def test_uploads_and_sign_ins_never_block_the_event_loop(
    watched: tuple[RunningExtranet, Path],
) -> None:
    server, report = watched
    with httpx.Client(base_url=server.url, timeout=60) as client:
        tokens = login(client, server.username, server.password).json()
        auth = {**TUS, "Authorization": f"Bearer {tokens['access_token']}"}
        with ThreadPoolExecutor(SIGN_INS + 1) as pool:
            uploading = pool.submit(_upload, client, auth)
            rounds = 0
            while not uploading.done() or rounds < 2:
                burst = [pool.submit(_sign_in, server, i % 2 == 0) for i in range(SIGN_INS)]
                assert sorted(f.result() for f in burst) == [200] * 5 + [401] * 5
                rounds += 1
            uploading.result()
    server.stop()
    assert _blamed(report) == []
