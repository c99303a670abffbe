"""The tus client's reactions to each server answer, against real servers.

@tus/server for the plain protocol (409 re-sync, 404 after termination, stalls through a
proxy); the reference extranet for checksums (460), bearer auth (401) and ``Tus-Max-Size``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator

import httpx
import pytest

from noomus_desktop.core.account import Account
from noomus_desktop.core.auth import StaticHeaders
from noomus_desktop.core.config import BuildConfig, load_settings
from noomus_desktop.core.credentials import CredentialStore
from noomus_desktop.core.errors import SessionEndedError, StalledError
from noomus_desktop.core.tus import (
    ChecksumMismatchError,
    TusClient,
    UploadGoneError,
    UploadTooLargeError,
)
from tests.helpers import agecli
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.server import RunningExtranet
from tests.helpers.tusnode import RunningTusNode

TUS = {"Tus-Resumable": "1.0.0"}


class Source:
    """Bytes in memory as a ``ByteSource``."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read_at(self, offset: int, n: int) -> bytes:
        return self.data[offset : offset + n]


class Flipping(Source):
    """Past its first 64 KiB, bytes differ on every other read: the checksum never matches."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.reads = 0

    def read_at(self, offset: int, n: int) -> bytes:
        self.reads += 1
        piece = super().read_at(offset, n)
        if offset < 64 * 1024 or self.reads % 2:
            return piece
        return bytes(b ^ 0xFF for b in piece)


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=httpx.Timeout(2.0)) as client:
        yield client


def test_capabilities_of_a_stock_server(tus_node: RunningTusNode, http: httpx.Client) -> None:
    caps = TusClient(http, StaticHeaders()).capabilities(tus_node.endpoint)
    assert {"creation", "creation-with-upload", "termination"} <= caps.extensions


def test_409_resyncs_from_head_and_completes(tus_node: RunningTusNode, http: httpx.Client) -> None:
    data = os.urandom(300_000)
    client = TusClient(http, StaticHeaders(), chunk_size=64 * 1024)
    upload = client.create(tus_node.endpoint, len(data), {})
    # Someone else (an earlier run) already sent the first 100,000 bytes.
    answer = http.patch(
        upload.url,
        headers={**TUS, "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"},
        content=data[:100_000],
    )
    assert answer.status_code == 204
    done = client.send(upload, Source(data), endpoint=tus_node.endpoint)
    assert done.complete and done.offset == len(data)
    # Ours at 0 is refused (409); after HEAD it goes on from where the server is.
    offsets = [offset for _, offset in tus_node.patch_offsets()]
    assert offsets[:3] == [0, 0, 100_000]
    assert tus_node.stored(upload.url) == data


def test_terminated_upload_is_gone(tus_node: RunningTusNode, http: httpx.Client) -> None:
    client = TusClient(http, StaticHeaders())
    upload = client.create(tus_node.endpoint, 10, {})
    client.terminate(upload.url)
    with pytest.raises(UploadGoneError):
        client.head(upload.url)
    with pytest.raises(UploadGoneError):
        client.send(upload, Source(b"0123456789"), endpoint=tus_node.endpoint)
    client.terminate(upload.url)  # already gone: fine


def test_stalled_connection_is_abandoned(tus_node: RunningTusNode) -> None:
    with (
        FaultProxy(("127.0.0.1", tus_node.port)) as proxy,
        httpx.Client(timeout=httpx.Timeout(1.0)) as http,
    ):
        endpoint = proxy.url + "/files/"
        client = TusClient(http, StaticHeaders(), chunk_size=8 * 1024 * 1024)
        upload = client.create(endpoint, 8 * 1024 * 1024, {})
        proxy.bandwidth = 1024 * 1024
        proxy.stall(new_connections=True)
        started = time.monotonic()
        with pytest.raises(StalledError):
            client.send(upload, Source(os.urandom(8 * 1024 * 1024)), endpoint=endpoint)
        assert time.monotonic() - started < 30


def _bearer(server: RunningExtranet) -> Account:
    settings = load_settings()
    settings.server_url = server.url
    account = Account(settings, BuildConfig(), credentials=CredentialStore(), device_name="t")
    account.sign_in(server.username, server.password, remember=False)
    return account


def test_extranet_checksums_401_and_max_size(
    extranet_factory: Callable[..., RunningExtranet], http: httpx.Client
) -> None:
    server = extranet_factory(max_upload_size=1_000_000)
    account = _bearer(server)
    endpoint = account.uploads_url
    client = TusClient(http, account.auth, chunk_size=64 * 1024)
    caps = client.capabilities(endpoint)
    assert "sha256" in caps.checksum_algorithms and caps.max_size == 1_000_000

    # A body that differs from what its checksum announced is refused (460), retried, then
    # reported.
    data = agecli.encrypt(os.urandom(100_000), [server.recipient])
    upload = client.create(endpoint, len(data), {})
    with pytest.raises(ChecksumMismatchError):
        client.send(upload, Flipping(data), endpoint=endpoint)
    assert client.head(upload.url).offset == 64 * 1024
    # The honest body goes through with its checksums.
    assert client.send(upload, Source(data), endpoint=endpoint).complete

    with pytest.raises(UploadTooLargeError):
        client.create(endpoint, 1_000_001, {})
    with pytest.raises(SessionEndedError):
        TusClient(http, StaticHeaders({"Authorization": "Bearer nonsense"})).create(
            endpoint, 10, {}
        )
    account.close()


def test_completed_upload_reports_its_delivery(
    extranet: RunningExtranet, http: httpx.Client
) -> None:
    account = _bearer(extranet)
    client = TusClient(http, account.auth)
    data = agecli.encrypt(os.urandom(1000), [extranet.recipient])
    upload = client.create(account.uploads_url, len(data), {}, source=Source(data))
    assert upload.complete and upload.delivery_id and upload.delivery_sha256
    again = client.head(upload.url)
    assert (again.delivery_id, again.delivery_sha256) == (
        upload.delivery_id,
        upload.delivery_sha256,
    )
    account.close()
