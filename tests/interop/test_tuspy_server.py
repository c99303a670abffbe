"""tus conformance of our server, driven by tuspy (tusclient), a client no one here wrote."""

from __future__ import annotations

import hashlib
import io
import socket
import time
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import httpx
import pytest
from tusclient import client as tus_client
from tusclient.exceptions import TusCommunicationError, TusUploadFailed
from tusclient.uploader.uploader import Uploader

from tests.helpers.agefake import fake_age
from tests.helpers.server import RunningExtranet

CHUNK = 64 * 1024


def ciphertext(size: int) -> bytes:
    return fake_age(size, b"tuspy")


def sign_in(server: RunningExtranet) -> dict[str, str]:
    tokens = httpx.post(
        f"{server.url}/api/v1/auth/login",
        json={"username": server.username, "password": server.password, "device_name": "tuspy"},
    ).json()
    return {"Authorization": f"Bearer {tokens['access_token']}"}


@pytest.fixture
def tus(extranet: RunningExtranet) -> tus_client.TusClient:
    return tus_client.TusClient(f"{extranet.url}/api/v1/uploads/", headers=sign_in(extranet))


@pytest.fixture
def streams() -> Iterator[Callable[[bytes], io.BytesIO]]:
    opened: list[io.BytesIO] = []

    def make(data: bytes) -> io.BytesIO:
        opened.append(io.BytesIO(data))
        return opened[-1]

    yield make
    for stream in opened:
        stream.close()


def url_of(uploader: Uploader) -> str:
    url: object = uploader.url  # tuspy annotates it as always None
    assert isinstance(url, str)
    return url


def delivery_headers(server: RunningExtranet, url: str, auth: dict[str, str]) -> httpx.Headers:
    head = httpx.head(url, headers={"Tus-Resumable": "1.0.0", **auth})
    assert head.status_code == 200
    return head.headers


def test_upload_in_chunks_becomes_a_verified_delivery(
    extranet: RunningExtranet, tus: tus_client.TusClient, streams: Callable[[bytes], io.BytesIO]
) -> None:
    data = ciphertext(5 * CHUNK + 123)
    uploader = tus.uploader(file_stream=streams(data), chunk_size=CHUNK, upload_checksum=True)
    uploader.upload()
    headers = delivery_headers(extranet, url_of(uploader), tus.headers)
    assert headers["Upload-Offset"] == str(len(data))
    assert headers["Noomus-Delivery-Sha256"] == hashlib.sha256(data).hexdigest()
    delivery = httpx.get(
        f"{extranet.url}/api/v1/deliveries/{headers['Noomus-Delivery-Id']}", headers=tus.headers
    ).json()
    assert delivery["size"] == len(data)
    assert delivery["sha256"] == hashlib.sha256(data).hexdigest()
    stored = extranet.data_dir / "inbox"
    assert [p.read_bytes() for p in stored.rglob("*.age")] == [data]


def test_resume_after_an_interrupted_patch(
    extranet: RunningExtranet, tus: tus_client.TusClient, streams: Callable[[bytes], io.BytesIO]
) -> None:
    data = ciphertext(3 * 1024 * 1024)
    first = tus.uploader(file_stream=streams(data), chunk_size=len(data))
    url = first.create_url()
    sent = 1024 * 1024 + 77
    # A PATCH announcing the whole file whose connection dies after `sent` bytes.
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port)) as sock:
        head = (
            f"PATCH {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nTus-Resumable: 1.0.0\r\n"
            f"Authorization: {tus.headers['Authorization']}\r\nUpload-Offset: 0\r\n"
            f"Content-Type: application/offset+octet-stream\r\nContent-Length: {len(data)}\r\n\r\n"
        )
        sock.sendall(head.encode() + data[:sent])
    # The server may read the HEAD's connection before it has noticed the broken one.
    deadline = time.monotonic() + 10
    while int(delivery_headers(extranet, url, tus.headers)["Upload-Offset"]) == 0:
        assert time.monotonic() < deadline, "the received bytes were never recorded"
        time.sleep(0.05)
    resumed = tus.uploader(file_stream=streams(data), url=url, chunk_size=CHUNK * 8)
    assert 0 < resumed.offset <= sent
    resumed.upload()
    headers = delivery_headers(extranet, url, tus.headers)
    assert headers["Noomus-Delivery-Sha256"] == hashlib.sha256(data).hexdigest()


def tampered_sha256(data: bytes) -> hashlib._Hash:
    return hashlib.sha256(b"tampered" + data)


class WrongChecksumUploader(Uploader):
    """Announces a sha256 that is not the body's."""

    CHECKSUM_ALGORITHM_PAIR = ("sha256", tampered_sha256)  # type: ignore[assignment]


def test_checksum_mismatch_is_460_and_nothing_is_appended(
    extranet: RunningExtranet, tus: tus_client.TusClient, streams: Callable[[bytes], io.BytesIO]
) -> None:
    data = ciphertext(2 * CHUNK)
    good = tus.uploader(file_stream=streams(data), chunk_size=CHUNK, upload_checksum=True)
    good.upload(stop_at=CHUNK)
    bad = WrongChecksumUploader(
        file_stream=streams(data),
        url=url_of(good),
        client=tus,
        chunk_size=CHUNK,
        upload_checksum=True,
    )
    with pytest.raises(TusUploadFailed) as failure:
        bad.upload()
    assert failure.value.status_code == 460
    assert bad.get_offset() == CHUNK
    good.upload()
    assert delivery_headers(extranet, url_of(good), tus.headers)["Noomus-Delivery-Sha256"] == (
        hashlib.sha256(data).hexdigest()
    )


def test_termination(
    extranet: RunningExtranet, tus: tus_client.TusClient, streams: Callable[[bytes], io.BytesIO]
) -> None:
    data = ciphertext(2 * CHUNK)
    uploader = tus.uploader(file_stream=streams(data), chunk_size=CHUNK)
    uploader.upload(stop_at=CHUNK)
    deleted = httpx.delete(url_of(uploader), headers={"Tus-Resumable": "1.0.0", **tus.headers})
    assert deleted.status_code == 204
    assert not list((extranet.data_dir / "uploads").iterdir())
    with pytest.raises(TusCommunicationError) as gone:
        uploader.get_offset()
    assert gone.value.status_code == 404


def test_expired_upload_answers_410_and_is_cleaned(
    extranet_factory: Callable[..., RunningExtranet], streams: Callable[[bytes], io.BytesIO]
) -> None:
    server = extranet_factory(upload_expiry=1)
    tus = tus_client.TusClient(f"{server.url}/api/v1/uploads/", headers=sign_in(server))
    data = ciphertext(2 * CHUNK)
    uploader = tus.uploader(file_stream=streams(data), chunk_size=CHUNK)
    uploader.upload(stop_at=CHUNK)
    deadline = time.monotonic() + 10
    while list((server.data_dir / "uploads").iterdir()) and time.monotonic() < deadline:
        time.sleep(0.1)  # the sweeper runs about every half second at this expiry
    assert not list((server.data_dir / "uploads").iterdir())
    with pytest.raises(TusCommunicationError) as gone:
        uploader.get_offset()
    assert gone.value.status_code == 410
    with pytest.raises(TusUploadFailed) as refused:
        uploader.upload()
    assert refused.value.status_code == 410


def test_options_advertises_the_extensions(extranet: RunningExtranet) -> None:
    response = httpx.options(f"{extranet.url}/api/v1/uploads/")
    assert response.status_code == 204
    assert response.headers["Tus-Version"] == "1.0.0"
    assert set(response.headers["Tus-Extension"].split(",")) == {
        "creation",
        "creation-with-upload",
        "termination",
        "checksum",
        "expiration",
    }
    assert int(response.headers["Tus-Max-Size"]) > 0
    assert "sha256" in response.headers["Tus-Checksum-Algorithm"].split(",")
