"""A full disk must not stop the security controls.

The attack: a thief with a stolen account fills the disk, so that the owner's lost-password
report fails (it answered 500, and the account stayed active) and answers differ between
known and unknown user IDs. Here the data directory is on a real small tmpfs, filled to the
last byte; report-lost must still lock, and sign-in must answer 4xx, never 500.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.helpers.server import RunningExtranet, make_extranet

DISK_SIZE = "48m"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A fresh tmpfs of ``DISK_SIZE`` (needs root, as in the project's CI container)."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={DISK_SIZE},mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(disk: Path) -> None:
    """Write a file until the disk refuses even one more byte (again, if called again)."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        for size in (1024 * 1024, 4096, 1):
            block = b"\xa5" * size
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, block)
        with pytest.raises(OSError) as refused:
            os.write(fd, b"x")
        assert refused.value.errno == errno.ENOSPC
    finally:
        os.close(fd)


def _login(client: httpx.Client, username: str, password: str) -> httpx.Response:
    body = {"username": username, "password": password, "device_name": "laptop"}
    return client.post("/api/v1/auth/login", json=body)


@pytest.fixture
def server_on_small_disk(small_disk: Path) -> Iterator[RunningExtranet]:
    server = make_extranet(small_disk, {}, "sqlite")  # the database on the full disk too
    server.add_user("bob", "bob-password-123")
    try:
        server.start()
        yield server
    finally:
        server.kill()


def test_on_a_full_disk_report_lost_still_locks(server_on_small_disk: RunningExtranet) -> None:
    server = server_on_small_disk
    with httpx.Client(base_url=server.url, timeout=30) as client:
        thief = _login(client, "alice", server.password).json()["access_token"]
        bob = _login(client, "bob", "bob-password-123").json()["access_token"]
        fill(server.data_dir.parent)

        reported = client.post("/api/v1/auth/report-lost", json={"username": "alice"})
        unknown = client.post("/api/v1/auth/report-lost", json={"username": "nobody"})
        assert reported.status_code == unknown.status_code == 202
        assert reported.json() == unknown.json()
        me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {thief}"})
        assert me.json()["error"]["code"] == "account_locked"

        # The room the lock took is taken by others again: the disk stays full.
        fill(server.data_dir.parent)
        # Sign-in: 4xx, never 500, and a wrong password looks the same for any user ID.
        answers = [
            _login(client, "alice", server.password),
            _login(client, "alice", "wrong-password-1"),
            _login(client, "nobody", "wrong-password-1"),
            _login(client, "bob", "bob-password-123"),
        ]
        assert [a.status_code for a in answers] == [403, 401, 401, 507]
        assert answers[1].json() == answers[2].json()
        assert answers[3].json()["error"]["code"] == "storage_full"
        assert "Retry-After" in answers[3].headers

        # Uploads stop (they stop well before: below the free-space reserve).
        creation = client.post(
            "/api/v1/uploads/",
            headers={
                "Tus-Resumable": "1.0.0",
                "Upload-Length": "100",
                "Authorization": f"Bearer {bob}",
            },
        )
        assert creation.status_code == 507 and creation.json()["error"]["code"] == "storage_full"
        # A coordinator's disable is recorded too.
        server.admin("users", "disable", "bob")
        assert "bob\tdisabled" in server.admin("users", "list")
    incidents = server.admin("incidents", "list")
    assert "report_lost\talice" in incidents
    assert "internal_error" not in server.log_file.read_text()
