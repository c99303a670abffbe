"""One upload, several server processes: only one process writes it at a time (its lease in
the database), and when that process dies a resumed upload continues on another one."""

from __future__ import annotations

import base64
import hashlib
import os
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from keyring.backends import SecretService

from noomus_desktop.cli import EXIT_OK
from tests.helpers import agecli
from tests.helpers.cluster import Cluster
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.proc import background_cli, run_cli
from tests.integration.server.conftest import AGE_PREFIX, Api
from tests.integration.test_cli_truth import KEYRING_ENV

MIB = 1024 * 1024
CHUNK = 256 * 1024
ROUNDS = 16


def _patch(api: Api, path: str, offset: int, data: bytes) -> httpx.Response:
    """A PATCH that is all or nothing (with Upload-Checksum nothing of a refused or
    interrupted body is kept): an accepted one names exactly the bytes it stored."""
    checksum = "sha256 " + base64.b64encode(hashlib.sha256(data).digest()).decode()
    return api.patch(path, offset, data, **{"Upload-Checksum": checksum})


def _race(apis: list[Api], path: str, then_head: bool) -> list[tuple[int, bytes]]:
    """Both processes PATCH the upload at once (each after its own HEAD when ``then_head``,
    else both at the offset read before); returns the (offset, bytes) each one accepted."""
    before = int(apis[0].head(path).headers["Upload-Offset"])
    barrier = threading.Barrier(len(apis))
    accepted: list[tuple[int, bytes]] = []
    refused: list[int] = []

    def send(api: Api) -> None:
        barrier.wait()
        offset = int(api.head(path).headers["Upload-Offset"]) if then_head else before
        data = os.urandom(CHUNK)
        if offset == 0:
            data = AGE_PREFIX + data[len(AGE_PREFIX) :]
        response = _patch(api, path, offset, data)
        if response.status_code == 204:
            assert int(response.headers["Upload-Offset"]) == offset + len(data)
            accepted.append((offset, data))
        else:
            refused.append(response.status_code)

    threads = [threading.Thread(target=send, args=(api,)) for api in apis]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert set(refused) <= {409, 423}, refused
    assert accepted, refused  # one of them always gets through
    return accepted


def test_two_processes_never_both_accept_a_patch_on_one_upload(
    cluster_factory: Callable[..., Cluster], sign_in: Callable[[Cluster], list[Api]]
) -> None:
    cluster = cluster_factory(size=2)
    apis = sign_in(cluster)
    length = 2 * ROUNDS * CHUNK + 1  # never complete: the test reads the .part file
    path = urlsplit(apis[0].create(length)).path
    accepted: list[tuple[int, bytes]] = []
    for index in range(ROUNDS):
        accepted += _race(apis, path, then_head=index % 2 == 1)
    # The accepted PATCHes tile the upload: none overlaps another, none is missing...
    accepted.sort(key=lambda pair: pair[0])
    expected = bytearray()
    for offset, data in accepted:
        assert offset == len(expected), "two processes accepted bytes at one offset"
        expected += data
    # ... every process answers the same offset, and the file holds exactly those bytes.
    offsets = {int(api.head(path).headers["Upload-Offset"]) for api in apis}
    assert offsets == {len(expected)}
    part = cluster[0].data_dir / "uploads" / f"{path.rsplit('/', 1)[1]}.part"
    assert part.read_bytes()[: len(expected)] == bytes(expected)


def _streaming_past(cluster: Cluster, offset: int) -> bool:
    """Whether the upload has ``offset`` durable bytes and a PATCH is writing more now (its
    ``.part`` file is longer than its recorded offset)."""
    rows = cluster.query("SELECT id, \"offset\" FROM uploads WHERE state = 'open'")
    if not rows or int(str(rows[0][1])) < offset:
        return False
    part = cluster[0].data_dir / "uploads" / f"{rows[0][0]}.part"
    return part.stat().st_size > int(str(rows[0][1]))


@agecli.requires_age
def test_kill_9_mid_body_resumes_on_the_other_process_exactly_once(
    cluster_factory: Callable[..., Cluster],
    secret_keyring: SecretService.Keyring,
    tmp_path: Path,
) -> None:
    cluster = cluster_factory(size=2, commit_bytes=MIB)
    original = os.urandom(48 * MIB)
    source = tmp_path / "large.bin"
    source.write_bytes(original)
    # The proxy stands in for the load balancer: it sends new connections to the first
    # process until that one dies, then to the second.
    with FaultProxy(("127.0.0.1", cluster[0].port)) as link:
        link.bandwidth = 6 * MIB
        # Upload-Checksum PATCHes of 4 MiB: each is durable when it is accepted.
        common = ["--server", link.url, "--chunk-size", "4M", "-q"]
        signed = run_cli(
            [*common, "login", "--username", cluster[0].username, "--password-stdin"],
            stdin=cluster[0].password + "\n",
            env=KEYRING_ENV,
        )
        assert signed.returncode == EXIT_OK, signed.stderr
        with background_cli(
            [*common, "send", str(source)], tmp_path / "send.log", KEYRING_ENV
        ) as send:
            deadline = time.monotonic() + 60
            while not _streaming_past(cluster, 8 * MIB) and time.monotonic() < deadline:
                assert send.poll() is None, (tmp_path / "send.log").read_text()
                time.sleep(0.05)
            cluster[0].kill()  # SIGKILL while its PATCH is still streaming
            link.target = ("127.0.0.1", cluster[1].port)
            link.reset_connections()
            assert send.wait(180) == EXIT_OK, (tmp_path / "send.log").read_text()
    # One upload (resumed, not started again), one delivery, decrypting to the original.
    assert cluster.query("SELECT COUNT(*) FROM uploads") == [(1,)]
    deliveries = cluster.query("SELECT path FROM deliveries")
    assert len(deliveries) == 1
    stored = cluster[1].data_dir / "inbox" / str(deliveries[0][0])
    assert agecli.decrypt(stored.read_bytes(), cluster[1].identity_file) == original


def test_a_request_on_another_process_takes_over_from_a_silent_patch(
    cluster_factory: Callable[..., Cluster], sign_in: Callable[[Cluster], list[Api]]
) -> None:
    """The client gave up on a PATCH whose connection went silent (dead without a FIN) and
    resumes through another process: it asks the holder to let go, and is answered within
    seconds, not after the holder's 60 s body timeout or its own 10 s wait (then 423)."""
    cluster = cluster_factory(size=2)
    apis = sign_in(cluster)
    data = AGE_PREFIX + os.urandom(MIB)
    path = urlsplit(apis[0].create(2 * len(data))).path
    upload_id = path.rsplit("/", 1)[1]
    with socket.create_connection(("127.0.0.1", cluster[0].port)) as silent:
        silent.sendall(
            (
                f"PATCH {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\n"
                f"Authorization: {apis[0].auth['Authorization']}\r\nUpload-Offset: 0\r\n"
                f"Content-Type: application/offset+octet-stream\r\n"
                f"Content-Length: {2 * len(data)}\r\n\r\n"
            ).encode()
            + data
        )
        deadline = time.monotonic() + 10
        while cluster.lease_holder(f"upload/{upload_id}") is not cluster[0]:
            assert time.monotonic() < deadline, "the first process never held the upload"
            time.sleep(0.05)
        started = time.monotonic()
        answer = apis[1].head(path)
        elapsed = time.monotonic() - started
    assert answer.status_code == 200, answer.text
    assert elapsed < 5
    # The first process kept what arrived before it let go.
    offset = int(answer.headers["Upload-Offset"])
    assert 0 < offset <= len(data)
    part = cluster[0].data_dir / "uploads" / f"{upload_id}.part"
    assert part.read_bytes()[:offset] == data[:offset]
