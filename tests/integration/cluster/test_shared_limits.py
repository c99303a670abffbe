"""Rate limits and locks hold across server processes: a guesser gets the same number of tries
whichever process answers, and a lost-password report made through one process stops an
upload streaming into another."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import httpx

from tests.helpers.cluster import Cluster
from tests.integration.server.conftest import AGE_PREFIX, OFFSET_TYPE, Api, login

MIB = 1024 * 1024
ATTEMPTS = 4


def _statuses(cluster: Cluster, usernames: list[str]) -> list[int]:
    """One wrong password per user ID in ``usernames``, sent to the processes in turn."""
    statuses = []
    for index, username in enumerate(usernames):
        with httpx.Client(base_url=cluster[index % len(cluster)].url, timeout=30) as client:
            statuses.append(login(client, username, "wrong-password-123").status_code)
    return statuses


def test_per_user_guesses_are_counted_across_processes(
    cluster_factory: Callable[..., Cluster],
) -> None:
    cluster = cluster_factory(size=2, login_attempts=ATTEMPTS)
    statuses = _statuses(cluster, [cluster[0].username] * (ATTEMPTS + 2))
    assert statuses == [401] * ATTEMPTS + [429, 429]


def test_per_address_guesses_are_counted_across_processes(
    cluster_factory: Callable[..., Cluster],
) -> None:
    cluster = cluster_factory(size=2, login_ip_attempts=ATTEMPTS)
    statuses = _statuses(cluster, [f"nobody{index}" for index in range(ATTEMPTS + 2)])
    assert statuses == [401] * ATTEMPTS + [429, 429]


def test_a_report_through_one_process_stops_an_upload_on_another(
    cluster_factory: Callable[..., Cluster], sign_in: Callable[[Cluster], list[Api]]
) -> None:
    cluster = cluster_factory(size=2)
    _, receiver = sign_in(cluster)
    total = 256 * MIB
    path = urlsplit(receiver.create(total)).path
    sent = 0
    reported = threading.Event()

    def body() -> Iterator[bytes]:
        nonlocal sent
        for index in range(total // MIB):
            if index == 2:  # 2 MiB on their way: the owner reports through the other process
                answer = httpx.post(
                    f"{cluster[0].url}/api/v1/auth/report-lost", json={"username": "alice"}
                )
                assert answer.status_code == 202
                reported.set()
            sent += MIB
            yield (AGE_PREFIX if index == 0 else b"").ljust(MIB, b"\0")

    headers = receiver.tus(**{"Upload-Offset": "0"}, **OFFSET_TYPE)
    with contextlib.suppress(httpx.TransportError):  # it may close while the body comes
        response = receiver.client.patch(path, headers=headers, content=body())
        assert response.status_code in (401, 403)
    assert reported.is_set()
    # Stopped within a few dozen megabytes (the same bound as one process: the receiver
    # re-checks the account every 4 MiB, at most once per 20 ms), not at 256 MiB.
    assert sent < 64 * MIB


def test_the_upload_quota_holds_when_two_processes_create_at_once(
    cluster_factory: Callable[..., Cluster], sign_in: Callable[[Cluster], list[Api]]
) -> None:
    cluster = cluster_factory(size=2, quota_uploads=3)
    apis = sign_in(cluster)
    creations = 8
    barrier = threading.Barrier(creations)
    statuses: list[int] = []

    def create(api: Api) -> None:
        barrier.wait()
        response = api.client.post("/api/v1/uploads/", headers=api.tus(**{"Upload-Length": "1000"}))
        statuses.append(response.status_code)

    threads = [threading.Thread(target=create, args=(apis[i % 2],)) for i in range(creations)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(statuses) == [201] * 3 + [507] * (creations - 3)
    assert cluster.query("SELECT COUNT(*) FROM uploads") == [(3,)]
