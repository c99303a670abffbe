"""Crash safety: after ``kill -9`` in the middle of a PATCH, HEAD reports an offset whose bytes
are all on disk, and the upload completes."""

from __future__ import annotations

import hashlib
import socket
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from tests.helpers.server import RunningExtranet
from tests.integration.server.conftest import Api, fake_ciphertext

MIB = 1024 * 1024


def _recorded_offset(server: RunningExtranet, upload_id: str) -> int:
    [row] = server.sql('SELECT "offset" FROM uploads WHERE id = ?', (upload_id,))
    return int(row[0])


def test_kill_9_mid_patch_then_resume(
    extranet_factory: Callable[..., RunningExtranet], api_factory: Callable[..., Api]
) -> None:
    server = extranet_factory(commit_bytes=MIB)
    api = api_factory(server=server)
    data = fake_ciphertext(24 * MIB, seed=b"crash")
    location = api.create(len(data))
    parts = urlsplit(location)
    upload_id = parts.path.rsplit("/", 1)[1]
    part_file = server.data_dir / "uploads" / f"{upload_id}.part"
    with socket.create_connection((parts.hostname, parts.port)) as sock:
        head = (
            f"PATCH {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nTus-Resumable: 1.0.0\r\n"
            f"Authorization: {api.auth['Authorization']}\r\nUpload-Offset: 0\r\n"
            f"Content-Type: application/offset+octet-stream\r\nContent-Length: {len(data)}\r\n\r\n"
        )
        sock.sendall(head.encode())
        sent = 0
        while sent < 12 * MIB:
            sock.sendall(data[sent : sent + MIB])
            sent += MIB
        deadline = time.monotonic() + 20
        while _recorded_offset(server, upload_id) == 0 and time.monotonic() < deadline:
            time.sleep(0.02)  # commits run in the background: wait for the first one
        server.kill()  # SIGKILL while the PATCH is still streaming
    server.start()

    api = api_factory(server=server)
    offset = int(api.head(location).headers["Upload-Offset"])
    assert 0 < offset < len(data)
    with part_file.open("rb") as f:
        assert f.read(offset) == data[:offset]
    done = api.patch(location, offset, data[offset:])
    assert done.status_code == 204
    assert done.headers["Noomus-Delivery-Sha256"] == hashlib.sha256(data).hexdigest()


def test_restart_keeps_deliveries_and_open_uploads(
    extranet: RunningExtranet, api_factory: Callable[..., Api]
) -> None:
    api = api_factory()
    data = fake_ciphertext(3000)
    delivered = api.upload(data)
    location = api.create(len(data))
    assert api.patch(location, 0, data[:1000]).status_code == 204
    extranet.stop()
    extranet.start()
    api = api_factory()
    assert api.head(location).headers["Upload-Offset"] == "1000"
    assert api.patch(location, 1000, data[1000:]).status_code == 204
    listed = api.client.get("/api/v1/deliveries", headers=api.auth).json()["deliveries"]
    assert len(listed) == 2
    assert int(delivered.headers["Noomus-Delivery-Id"]) in {d["id"] for d in listed}
