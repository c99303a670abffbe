"""A PATCH whose connection goes silent mid-body (the network died, no FIN) must not hold the
upload: a newer request from its owner takes over at once, and without one the body read
times out. Either way the bytes that arrived are kept and the upload resumes from HEAD."""

from __future__ import annotations

import hashlib
import socket
import time
from collections.abc import Callable

import httpx

from tests.helpers.server import RunningExtranet
from tests.integration.server.conftest import Api, fake_ciphertext

SIZE = 100_000
SENT = 20_000


def _silent_patch(api: Api, location: str, data: bytes) -> socket.socket:
    """Start a PATCH of ``data`` on a raw connection, send only ``SENT`` bytes of it."""
    path = httpx.URL(location).path
    head = (
        f"PATCH {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\n"
        f"Authorization: {api.auth['Authorization']}\r\nUpload-Offset: 0\r\n"
        "Content-Type: application/offset+octet-stream\r\n"
        f"Content-Length: {len(data)}\r\n\r\n"
    )
    sock = socket.create_connection(("127.0.0.1", api.server.port))
    sock.settimeout(15)
    sock.sendall(head.encode() + data[:SENT])
    return sock


def _answer(sock: socket.socket) -> str:
    """The raw HTTP answer, read until the server closes the connection."""
    received = b""
    while chunk := sock.recv(65536):
        received += chunk
    return received.decode("latin-1")


def _resume_and_finish(api: Api, location: str, data: bytes) -> None:
    head = api.head(location)
    assert head.status_code == 200
    offset = int(head.headers["Upload-Offset"])
    assert offset == SENT
    done = api.patch(location, offset, data[offset:])
    assert done.status_code == 204, done.text
    assert done.headers["Noomus-Delivery-Sha256"] == hashlib.sha256(data).hexdigest()


def test_newer_request_takes_over_from_a_silent_patch(api: Api) -> None:
    data = fake_ciphertext(SIZE)
    location = api.create(SIZE)
    with _silent_patch(api, location, data) as dead:
        deadline = time.monotonic() + 5
        while True:  # a HEAD that beat the PATCH to the upload sees 0: ask again
            head = api.head(location)
            assert head.status_code == 200, head.text
            if head.headers["Upload-Offset"] == str(SENT):
                break
            assert time.monotonic() < deadline, f"HEAD never took over: {head.headers}"
            time.sleep(0.1)
        answer = _answer(dead)
    assert answer.startswith("HTTP/1.1 409 ") and "upload_interrupted" in answer
    assert "connection: close" in answer.lower()
    _resume_and_finish(api, location, data)


def test_silent_body_times_out_and_keeps_what_arrived(
    extranet_factory: Callable[..., RunningExtranet], api_factory: Callable[..., Api]
) -> None:
    server = extranet_factory(body_idle_timeout=1)
    api = api_factory(server=server)
    data = fake_ciphertext(SIZE)
    location = api.create(SIZE)
    with _silent_patch(api, location, data) as dead:
        answer = _answer(dead)
    assert answer.startswith("HTTP/1.1 408 ") and "request_timeout" in answer
    _resume_and_finish(api, location, data)
