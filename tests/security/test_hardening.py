"""Deployment hardening: private files, an admin CLI that cannot be forged through, headers,
and no leftovers of a failed creation.

Before: the database, its WAL and ``access.log`` were 0644 in a pre-created data directory;
a note or device name with terminal escapes forged rows in ``incidents list``; token answers
could be cached; a refused creation-with-upload left its row behind.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.helpers.server import RunningExtranet, make_extranet

TUS = {"Tus-Resumable": "1.0.0"}
FORGERY = "\x1b[2J\x1b[1;1H\nforged\t9\treport_lost\tmallory\u202e"


@pytest.fixture(scope="module")
def extranet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningExtranet]:
    """A server whose data directory an operator created beforehand, world-readable."""
    base = tmp_path_factory.mktemp("precreated")
    old_umask = os.umask(0o022)
    try:
        (base / "data").mkdir(mode=0o755)
        (base / "data").chmod(0o755)
        server = make_extranet(base, {})
    finally:
        os.umask(old_umask)
    try:
        server.start()
        yield server
    finally:
        server.kill()


def _login(server: RunningExtranet, device: str) -> httpx.Response:
    body = {"username": "alice", "password": server.password, "device_name": device}
    return httpx.post(f"{server.url}/api/v1/auth/login", json=body)


def test_every_file_is_private_in_a_precreated_data_dir(extranet: RunningExtranet) -> None:
    token = _login(extranet, "laptop").json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    httpx.post(f"{extranet.url}/api/v1/uploads/", headers={**TUS, **auth, "Upload-Length": "99"})
    extranet.admin("users", "list")
    seen = []
    for folder, dirs, files in os.walk(extranet.data_dir):
        for name in dirs:
            seen.append((Path(folder, name), 0o700))
        for name in files:
            seen.append((Path(folder, name), 0o600))
    seen.append((extranet.data_dir, 0o700))
    names = {p.name for p, _ in seen}
    sqlite = set() if extranet.database else {"extranet.sqlite3", "extranet.sqlite3-wal"}
    assert {*sqlite, "access.log", "audit.log"} <= names
    wrong = [
        (str(p), oct(stat.S_IMODE(p.stat().st_mode)))
        for p, m in seen
        if stat.S_IMODE(p.stat().st_mode) != m
    ]
    assert wrong == []


def test_the_admin_cli_escapes_what_users_stored(extranet: RunningExtranet) -> None:
    assert _login(extranet, f"laptop{FORGERY}").status_code == 200
    httpx.post(
        f"{extranet.url}/api/v1/auth/report-lost",
        json={"username": "alice", "note": f"stolen{FORGERY}"},
    )
    for command in (("incidents", "list"), ("users", "sessions", "alice")):
        output = extranet.admin(*command)
        assert "\x1b" not in output and "\u202e" not in output
        assert "\\x1b[2J" in output and "\\u202e" in output
        rows = output.splitlines()
        assert all(row.split("\t")[0].isdigit() for row in rows), rows  # no forged row


def test_headers_of_token_answers_and_of_503(extranet: RunningExtranet) -> None:
    extranet.add_user("carol", "carol-password-1")
    answer = httpx.post(
        f"{extranet.url}/api/v1/auth/login",
        json={"username": "carol", "password": "carol-password-1"},
    )
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in answer.headers  # plain HTTP on loopback
    extranet.admin("service", "suspend")
    try:
        suspended = httpx.post(
            f"{extranet.url}/api/v1/auth/login",
            json={"username": "carol", "password": "carol-password-1"},
        )
    finally:
        extranet.admin("service", "resume")
    assert suspended.status_code == 503 and int(suspended.headers["Retry-After"]) > 0


def test_a_refused_creation_with_upload_leaves_nothing(extranet: RunningExtranet) -> None:
    extranet.add_user("dave", "dave-password-1")
    token = httpx.post(
        f"{extranet.url}/api/v1/auth/login",
        json={"username": "dave", "password": "dave-password-1"},
    ).json()["access_token"]
    headers = {
        **TUS,
        "Authorization": f"Bearer {token}",
        "Upload-Length": "64",
        "Content-Type": "application/offset+octet-stream",
    }
    refused = httpx.post(f"{extranet.url}/api/v1/uploads/", headers=headers, content=b"plain" * 10)
    assert refused.status_code == 422 and "Location" not in refused.headers
    [rows] = extranet.sql(
        "SELECT COUNT(*) FROM uploads u JOIN users s ON s.id = u.user_id WHERE s.username = 'dave'"
    )
    assert rows[0] == 0
