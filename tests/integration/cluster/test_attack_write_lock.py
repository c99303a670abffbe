"""Review of issue 20 (attack): a database writer that holds the write lock for a few seconds
must not break the uploads in flight, not even on the one process of the default setup.

Before leases a PATCH kept receiving while another writer (an admin command, a purge, the
rate-limit prune after a flood, an NFS server stalling an fsync) held SQLite's write lock: it
writes its bytes to the ``.part`` file and records the offset when it can. Now its lease
renewal waits for that lock, its own clock passes ``LEASE_TTL - SAFETY`` (5 s), the fence
fails and the PATCH answers ``409 upload_interrupted`` ("Another server process took this
upload over") although no other process exists or took anything: the row still names it.
"""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from tests.helpers.cluster import Cluster
from tests.integration.server.conftest import AGE_PREFIX, Api

MIB = 1024 * 1024
LENGTH = 24 * MIB
#: Shorter than the 30 s the server waits for a busy database, longer than the 5 s fence.
HOLD = 7.0


def test_a_patch_survives_another_writer_holding_the_database_for_seconds(
    cluster_factory: Callable[..., Cluster], sign_in: Callable[[Cluster], list[Api]]
) -> None:
    cluster = cluster_factory(size=1)
    (api,) = sign_in(cluster)
    path = urlsplit(api.create(LENGTH + MIB)).path  # not complete: no age check at the end
    body = AGE_PREFIX + b"x" * (LENGTH - len(AGE_PREFIX))
    node = cluster[0]
    with socket.create_connection(("127.0.0.1", node.port)) as conn:
        conn.sendall(
            (
                f"PATCH {path} HTTP/1.1\r\nHost: 127.0.0.1:{node.port}\r\n"
                f"Authorization: Bearer {api.tokens['access_token']!s}\r\n"
                "Tus-Resumable: 1.0.0\r\nContent-Type: application/offset+octet-stream\r\n"
                f"Upload-Offset: 0\r\nContent-Length: {LENGTH}\r\n\r\n"
            ).encode()
        )
        sent = 4 * MIB
        conn.sendall(body[:sent])
        # The PATCH is past its start (which writes to the database) and storing bytes.
        part = node.data_dir / "uploads" / f"{path.rsplit('/', 1)[1]}.part"
        give_up = time.monotonic() + 30
        while part.stat().st_size == 0 and time.monotonic() < give_up:
            time.sleep(0.05)
        assert part.stat().st_size > 0
        admin = node.open_admin()  # the writers' lock of either engine
        try:
            with admin.db.transaction():
                deadline = time.monotonic() + HOLD
                while time.monotonic() < deadline and _send(conn, body[sent : sent + MIB // 4]):
                    sent += MIB // 4  # the client keeps sending, slowly
                    time.sleep(0.25)
        finally:
            admin.db.close()
        _send(conn, body[sent:])
        conn.settimeout(60)
        answer = b""
        with contextlib.suppress(OSError):  # a reset after the answer
            while b"\r\n\r\n" not in answer and (piece := conn.recv(65536)):
                answer += piece
    status = answer.split(b"\r\n", 1)[0].decode()
    assert status == "HTTP/1.1 204 No Content", answer.decode(errors="replace")
    assert f"upload-offset: {LENGTH}\r\n".encode() in answer.lower()


def _send(conn: socket.socket, data: bytes) -> bool:
    """Send; False once the server closed (it answered early: the test reads what)."""
    try:
        conn.sendall(data)
    except OSError:
        return False
    return True
