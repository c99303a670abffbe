"""User IDs are case-insensitive everywhere: a lost-password report for ``ALICE`` must lock
``alice`` (before, it answered 202, recorded nothing and the thief stayed signed in)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from noomus_extranet.admin import Admin, AdminError
from noomus_extranet.db import MIGRATIONS, Database
from tests.helpers.server import RunningExtranet


def _login(client: httpx.Client, username: str, password: str) -> httpx.Response:
    body = {"username": username, "password": password, "device_name": "laptop"}
    return client.post("/api/v1/auth/login", json=body)


@pytest.fixture(scope="module")
def extranet(module_extranet_factory: Callable[..., RunningExtranet]) -> RunningExtranet:
    return module_extranet_factory()


def test_report_lost_in_another_case_locks_the_account(extranet: RunningExtranet) -> None:
    extranet.add_user("bob", "bob-password-123")
    with httpx.Client(base_url=extranet.url, timeout=30) as client:
        thief = _login(client, "bob", "bob-password-123").json()["access_token"]
        report = client.post("/api/v1/auth/report-lost", json={"username": "BOB"})
        assert report.status_code == 202
        me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {thief}"})
        assert me.json()["error"]["code"] == "account_locked"
        again = _login(client, "Bob", "bob-password-123")
        assert again.json()["error"]["code"] == "account_locked"
    assert "report_lost\tbob" in extranet.admin("incidents", "list")


def test_sign_in_and_the_admin_cli_ignore_the_case(extranet: RunningExtranet) -> None:
    with httpx.Client(base_url=extranet.url, timeout=30) as client:
        signed_in = _login(client, "ALICE", extranet.password)
    assert signed_in.status_code == 200
    assert signed_in.json()["user"]["username"] == "alice"
    assert "laptop" in extranet.admin("users", "sessions", "Alice")
    extranet.admin("users", "disable", "ALICE")
    assert "alice\tdisabled" in extranet.admin("users", "list")


def test_a_user_id_differing_only_by_case_is_refused(tmp_path: Path) -> None:
    admin = Admin(Database(tmp_path / "db.sqlite3"))
    admin.add_user("Bob.Smith", "Bob", "Acme", "bob@example.com", "bob-password-123")
    with pytest.raises(AdminError, match=r"Bob\.Smith already exists"):
        admin.add_user("bob.smith", "Bob 2", "Acme", "bob2@example.com", "bob-password-456")
    assert [u["username"] for u in admin.users()] == ["Bob.Smith"]
    admin.db.close()


def test_existing_rows_are_migrated_and_case_twins_renamed(tmp_path: Path) -> None:
    """A version 1 database with ``bob`` and ``Bob``: the oldest keeps the ID, the other is
    renamed and an incident says so; every lookup then ignores the case."""
    path = tmp_path / "db.sqlite3"
    conn = sqlite3.connect(path)
    first = MIGRATIONS[0]
    assert isinstance(first, str)
    conn.executescript(first + "; PRAGMA user_version = 1;")
    for username in ("bob", "Bob", "Carol"):
        conn.execute(
            "INSERT INTO users(username, name, company, email, password_hash, created_at)"
            " VALUES (?, 'n', 'c', 'e', 'h', 0)",
            (username,),
        )
    conn.commit()
    conn.close()
    admin = Admin(Database(path))
    assert [u["username"] for u in admin.users()] == ["bob", "Bob#2", "Carol"]
    assert admin.user("CAROL")["username"] == "Carol"
    assert admin.user("BOB")["id"] == 1
    incidents = admin.incidents()
    assert [(i["kind"], i["username"]) for i in incidents] == [("user_id_conflict", "Bob#2")]
    admin.db.close()
