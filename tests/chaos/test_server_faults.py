"""The server side going wrong under a running upload: the customer's session revoked, the
account disabled, the service suspended, the upload expired, the disk full, and a dead
connection holding an upload. Each ends with the deliveries decrypted and compared."""

from __future__ import annotations

import contextlib
import random
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from tests.chaos.conftest import BANDWIDTH, TIMEOUT, Rig, finish, make_batch
from tests.helpers.chaos import kill, new_seed, record_verdicts, server_bytes_received, wait_until
from tests.helpers.server import RunningExtranet

EXIT_SIGN_IN, EXIT_BLOCKED = 3, 4
NEW_PASSWORD = "fresh-password-789"


def _interrupt_then_recover(
    rig: Rig, label: str, interrupt: Callable[[], object], recover: Callable[[], object]
) -> None:
    """Start a send, ``interrupt`` it mid-way, expect a clear stop (or a finish), ``recover``,
    send again until done (signing in again if asked), then audit."""
    rig.proxy.bandwidth = BANDWIDTH
    seed = new_seed()
    batch = make_batch(rig, label, random.Random(seed))
    process = rig.client.spawn("-q", "send", str(batch.folder))
    wait_until(lambda: server_bytes_received(rig.server) > 2**20, TIMEOUT, "upload progress")
    interrupt()
    code = finish(process)
    assert code in (0, EXIT_SIGN_IN, EXIT_BLOCKED), f"unexpected exit {code}"
    recover()
    for _ in range(3):
        result = rig.client.send([batch.folder], timeout=TIMEOUT)
        if result.returncode != EXIT_SIGN_IN:
            break
        rig.client.login(rig.server.username, rig.server.password)
    assert result.returncode == 0, result.stderr
    record_verdicts(f"{label} mid-upload", [rig.finish(batch.expected)], [seed])


def test_session_revoked_mid_upload(rig: Rig) -> None:
    server = rig.server

    def reset_password() -> None:
        server.admin("users", "reset-password", "alice", "--password-stdin", stdin=NEW_PASSWORD)
        server.password = NEW_PASSWORD

    _interrupt_then_recover(rig, "session revoked", reset_password, lambda: None)


def test_account_disabled_mid_upload(rig: Rig) -> None:
    _interrupt_then_recover(
        rig,
        "account disabled",
        lambda: rig.server.admin("users", "disable", "alice"),
        lambda: rig.server.admin("users", "enable", "alice"),
    )


def test_service_suspended_mid_upload(rig: Rig) -> None:
    _interrupt_then_recover(
        rig,
        "service suspended",
        lambda: rig.server.admin("service", "suspend"),
        lambda: rig.server.admin("service", "resume"),
    )


def test_upload_expired_on_the_server(rig_factory: Callable[..., Rig]) -> None:
    """The client is away longer than ``upload_expiry``: its partial upload is gone when it
    comes back, and it starts a new one instead of failing or resuming into nothing."""
    rig = rig_factory(upload_expiry=3)
    rig.proxy.bandwidth = BANDWIDTH
    seed = new_seed()
    batch = make_batch(rig, "expired", random.Random(seed))
    process = rig.client.spawn("-q", "send", str(batch.folder))
    wait_until(lambda: server_bytes_received(rig.server) > 2**20, TIMEOUT, "upload progress")
    kill(process)
    wait_until(lambda: server_bytes_received(rig.server) == 0, 30, "the server to expire it")
    rig.proxy.bandwidth = None
    result = rig.client.send([batch.folder], timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    record_verdicts("upload expired on the server", [rig.finish(batch.expected)], [seed])


@contextlib.contextmanager
def _small_disk(server: RunningExtranet, size: str) -> Iterator[Path]:
    """Move the server's data directory onto a tmpfs of ``size`` (needs root)."""
    server.stop()
    saved = server.data_dir.with_name("data-before-tmpfs")
    shutil.copytree(server.data_dir, saved)
    mount = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(server.data_dir)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mount.returncode != 0:
        server.start()
        pytest.skip(f"cannot mount a small tmpfs here (root needed): {mount.stderr.strip()}")
    try:
        shutil.copytree(saved, server.data_dir, dirs_exist_ok=True)
        server.start()
        yield server.data_dir
    finally:
        server.kill()
        subprocess.run(["umount", "-l", str(server.data_dir)], check=False)


def test_server_disk_full(rig: Rig) -> None:
    """ENOSPC on a real (small) file system: the client waits and retries; once space is
    freed every file arrives, whole and once."""
    with _small_disk(rig.server, "24m") as data_dir:
        filler = data_dir / "filler"
        free = shutil.disk_usage(data_dir).free
        with filler.open("wb") as f:
            f.truncate(0)
            f.write(b"\0" * max(0, free - 3 * 2**20))
        seed = new_seed()
        batch = make_batch(rig, "disk-full", random.Random(seed))
        process = rig.client.spawn("-q", "send", str(batch.folder))
        log = rig.server.data_dir / "logs" / "access.log"
        wait_until(lambda: " 507 " in log.read_text(), TIMEOUT, "a 507 storage_full answer")
        filler.unlink()
        code = finish(process)
        if code != 0:  # gave up while the disk was full: the customer sends again
            result = rig.client.send([batch.folder], timeout=TIMEOUT)
            assert result.returncode == 0, result.stderr
        verdict = rig.finish(batch.expected)
    record_verdicts("server disk full (tmpfs)", [verdict], [seed])


def test_dead_connection_does_not_hold_the_upload_hostage(rig: Rig) -> None:
    """A PATCH that sent half its body and went silent (no FIN: the network died) must not
    stop the customer from resuming on a new connection."""
    server = rig.server
    with httpx.Client(base_url=server.url, timeout=30) as client:
        body = {"username": "alice", "password": server.password, "device_name": "chaos"}
        token = client.post("/api/v1/auth/login", json=body).json()["access_token"]
        tus = {"Tus-Resumable": "1.0.0", "Authorization": f"Bearer {token}"}
        created = client.post("/api/v1/uploads/", headers={**tus, "Upload-Length": "100000"})
        location = created.headers["Location"]
        path = httpx.URL(location).path
        with socket.create_connection(("127.0.0.1", server.port)) as dead:
            head = (
                f"PATCH {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\n"
                f"Authorization: Bearer {token}\r\nUpload-Offset: 0\r\n"
                "Content-Type: application/offset+octet-stream\r\nContent-Length: 100000\r\n\r\n"
            )
            dead.sendall(head.encode() + b"age-encryption.org/v1\n" + b"x" * 20_000)
            time.sleep(1)
            status = client.head(location, headers=tus)
        assert status.status_code == 200, f"HEAD answered {status.status_code}"
