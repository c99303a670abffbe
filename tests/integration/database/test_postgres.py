"""The extranet on a real PostgreSQL (tests/helpers/postgres.py): schema versions checked at
start, ``copy-database`` moving a SQLite installation without losing a delivery, a session, an
incident or an unfinished upload, backups of a PostgreSQL installation, and a database
password that never shows in any output or log."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import psycopg
import pytest
from tusclient import client as tus_client

from noomus_desktop.core import api
from noomus_desktop.core.errors import ServerError
from noomus_desktop.core.tus import TusClient
from noomus_extranet.db import MIGRATIONS, Database
from noomus_extranet.dburl import parse_database_url
from tests.helpers.agefake import fake_age
from tests.helpers.postgres import PASSWORD, cluster
from tests.helpers.server import RunningExtranet, free_port, new_database

TUS = {"Tus-Resumable": "1.0.0"}


def run(data_dir: Path, database: str | None, *args: str) -> subprocess.CompletedProcess[str]:
    """``noomus-extranet --data DIR [--database URL] *args`` (None: SQLite in DIR)."""
    given = ["--database", database] if database else []
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "noomus_extranet",
            "--data",
            str(data_dir),
            *given,
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def serve(data_dir: Path, database: str) -> subprocess.CompletedProcess[str]:
    """``serve``, which must refuse before it starts (a timeout here: it served)."""
    return run(data_dir, database, "serve", "--port", str(free_port()))


def set_pg_version(url: str, version: int) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("UPDATE schema_version SET version = %s", (version,))


def test_serve_refuses_a_schema_too_old_or_too_new_and_migrate_fixes_the_old_one(
    tmp_path: Path,
) -> None:
    url = cluster().new_database()  # empty: never migrated
    refused = serve(tmp_path, url)
    assert refused.returncode == 1
    assert "schema version 0" in refused.stderr and "migrate" in refused.stderr
    migrated = run(tmp_path, url, "migrate")
    assert migrated.returncode == 0, migrated.stderr
    assert f"from schema version 0 to {len(MIGRATIONS)}" in migrated.stdout
    assert "nothing to do" in run(tmp_path, url, "migrate").stdout
    assert run(tmp_path, url, "users", "list").returncode == 0  # a current schema is served
    set_pg_version(url, len(MIGRATIONS) + 1)
    newer = serve(tmp_path, url)
    assert newer.returncode == 1
    assert "newer release" in newer.stderr
    assert "newer release" in run(tmp_path, url, "migrate").stderr  # migrate refuses it too
    for result in (refused, migrated, newer):
        assert PASSWORD not in result.stdout + result.stderr
        assert "Traceback" not in result.stderr  # a message for the operator, not a crash


def test_sqlite_refuses_a_schema_written_by_a_newer_release(tmp_path: Path) -> None:
    import sqlite3

    database = tmp_path / "extranet.sqlite3"
    assert run(tmp_path, f"sqlite://{database}", "users", "list").returncode == 0
    with sqlite3.connect(database) as conn:
        conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    refused = serve(tmp_path, f"sqlite://{database}")
    assert refused.returncode == 1
    assert "newer release" in refused.stderr


def _signed_in(server: RunningExtranet, username: str, password: str) -> dict[str, str]:
    tokens = httpx.post(
        f"{server.url}/api/v1/auth/login",
        json={"username": username, "password": password, "device_name": "moving laptop"},
    ).json()
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def test_copy_database_moves_a_sqlite_installation_to_postgresql(
    extranet_factory: Callable[..., RunningExtranet],
) -> None:
    server: RunningExtranet = extranet_factory(database="sqlite")
    server.add_user("bob", "bob-password-123")
    auth = _signed_in(server, server.username, server.password)
    tus = tus_client.TusClient(f"{server.url}/api/v1/uploads/", headers=auth)
    delivered = fake_age(300_000, b"delivered")
    done = tus.uploader(file_stream=io.BytesIO(delivered), chunk_size=len(delivered))
    done.upload()
    unfinished = fake_age(600_000, b"unfinished")
    half = tus.uploader(file_stream=io.BytesIO(unfinished), chunk_size=200_000)
    half.upload_chunk()  # type: ignore[no-untyped-call]
    half_url = str(half.url)
    assert httpx.head(half_url, headers={**TUS, **auth}).headers["Upload-Offset"] == "200000"
    lost = httpx.post(f"{server.url}/api/v1/auth/report-lost", json={"username": "bob"})
    assert lost.status_code in (200, 202), lost.text
    before = {what: server.admin(*what.split()) for what in ("deliveries list", "incidents list")}
    assert before["deliveries list"].count("\n") == 1 and "bob" in before["incidents list"]
    server.stop()

    url = cluster().new_database()  # copy-database migrates it itself
    copied = run(server.data_dir, None, "copy-database", "--to", url)
    assert copied.returncode == 0, copied.stderr
    assert "deliveries\t1" in copied.stdout and "uploads\t2" in copied.stdout
    assert "incidents\t1" in copied.stdout and PASSWORD not in copied.stdout + copied.stderr
    again = run(server.data_dir, None, "copy-database", "--to", url)
    assert again.returncode == 1 and "not empty" in again.stderr

    server.database = url
    server.start()
    assert {what: server.admin(*what.split()) for what in before} == before
    # The session signed in on SQLite still works, and the unfinished upload resumes.
    profile = httpx.get(f"{server.url}/api/v1/me", headers=auth)
    assert profile.status_code == 200, profile.text
    resumed = tus.uploader(file_stream=io.BytesIO(unfinished), url=half_url, chunk_size=200_000)
    assert resumed.offset == 200_000
    resumed.upload()
    head = httpx.head(half_url, headers={**TUS, **auth}).headers
    assert head["Noomus-Delivery-Sha256"] == hashlib.sha256(unfinished).hexdigest()
    # A new delivery takes a new number: the copied ones are never given again.
    numbers = [int(line.split("\t")[0]) for line in server.admin("deliveries", "list").splitlines()]
    assert len(numbers) == len(set(numbers)) == 2


def test_a_backup_of_a_postgresql_installation_restores_as_sqlite(
    extranet_factory: Callable[..., RunningExtranet], tmp_path: Path
) -> None:
    server: RunningExtranet = extranet_factory(database="postgresql")
    auth = _signed_in(server, server.username, server.password)
    data = fake_age(100_000, b"backed up")
    tus = tus_client.TusClient(f"{server.url}/api/v1/uploads/", headers=auth)
    tus.uploader(file_stream=io.BytesIO(data), chunk_size=len(data)).upload()
    listed = server.admin("deliveries", "list")
    out = server.admin("backup", "--out", str(tmp_path / "backup"))
    assert "1 deliveries" in out
    restored = tmp_path / "restored"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "noomus_extranet",
            "restore",
            str(tmp_path / "backup"),
            "--data",
            str(restored),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    again = run(restored, None, "deliveries", "list")
    assert again.returncode == 0 and again.stdout == listed
    assert [p.read_bytes() for p in (restored / "inbox").rglob("*.age")] == [data]


def test_the_database_password_never_shows(
    extranet_factory: Callable[..., RunningExtranet],
) -> None:
    server: RunningExtranet = extranet_factory(database="postgresql")
    assert server.database is not None and PASSWORD in server.database
    server.admin("users", "list")
    wrong = server.database.replace(PASSWORD, "Wr0ng-pw-also-secret")
    refused = run(server.data_dir, wrong, "users", "list")
    assert refused.returncode == 1 and "Cannot open the database" in refused.stderr
    assert "Wr0ng-pw-also-secret" not in refused.stdout + refused.stderr
    server.stop()
    audit = (server.data_dir / "logs" / "audit.log").read_text()
    assert "--database 'postgresql://noomus:***@" in audit
    everything = [audit, server.log_file.read_text(errors="replace")]
    everything += [p.read_text(errors="replace") for p in server.data_dir.rglob("*.log")]
    assert not [text for text in everything if PASSWORD in text]


def test_new_database_gives_each_server_its_own_database() -> None:
    first, second = new_database("postgresql"), new_database("postgresql")
    assert first and second and first != second
    with psycopg.connect(first, autocommit=True) as conn:
        conn.execute("INSERT INTO settings(key, value) VALUES ('only', 'first')")
    with psycopg.connect(second) as conn:
        assert conn.execute("SELECT COUNT(*) FROM settings").fetchone() == (0,)


def _health(server: RunningExtranet) -> int:
    return httpx.get(f"{server.url}/api/v1/health", timeout=10).status_code


def _all_served(server: RunningExtranet, auth: dict[str, str], count: int) -> list[int]:
    """The statuses of ``count`` ``GET /me``, one at a time, then ``count`` more 20 at a time
    (so that many worker threads, each with its own database connection, serve them)."""
    url = f"{server.url}/api/v1/me"
    statuses = [httpx.get(url, headers=auth, timeout=30).status_code for _ in range(count)]
    with httpx.Client(timeout=30) as http, ThreadPoolExecutor(20) as pool:
        statuses += pool.map(lambda _: http.get(url, headers=auth).status_code, range(count))
    return statuses


def test_the_server_degrades_while_the_database_is_gone_and_recovers_without_a_restart(
    extranet_factory: Callable[..., RunningExtranet],
) -> None:
    """While PostgreSQL is stopped, a request that needs it answers ``503
    database_unavailable`` with ``Retry-After`` (the desktop client's errors for it are
    transient: it waits and retries), health says degraded, and the server's log says so once,
    without the password. Once PostgreSQL is back, no request fails: each worker thread's
    connection, ended by the stop, is replaced before its next statement is sent. (That is
    checked after a restart of a few seconds: a worker thread idle for 10 s ends, and its
    connection with it, so a longer outage would hide a connection that fails once.)"""
    server: RunningExtranet = extranet_factory(database="postgresql")
    assert server.database is not None
    auth = _signed_in(server, server.username, server.password)
    assert set(_all_served(server, auth, 40)) == {200}  # connections in many worker threads
    assert _health(server) == 200
    with api.ApiClient(server.url, retries=0) as desktop, httpx.Client() as http:
        desktop.login(server.username, server.password, "desktop")
        assert desktop.session is not None
        uploads = TusClient(http, desktop.session)
        uploads.capabilities(f"{server.url}/api/v1/uploads/")
        with cluster().stopped():
            for _ in range(5):
                gone = httpx.get(f"{server.url}/api/v1/me", headers=auth, timeout=30)
                assert gone.status_code == 503, gone.text
                assert gone.headers["Retry-After"] == "10"
                assert gone.json()["error"]["code"] == "database_unavailable"
            with pytest.raises(ServerError) as refused:
                desktop.me()
            assert refused.value.transient and refused.value.status == 503
            with pytest.raises(ServerError) as not_created:
                uploads.create(f"{server.url}/api/v1/uploads/", 1000, {})
            assert not_created.value.transient and not_created.value.retry_after == 10
            deadline = time.monotonic() + 15
            while _health(server) != 503:
                assert time.monotonic() < deadline, "the health check never saw the database gone"
                time.sleep(0.5)
    deadline = time.monotonic() + 15
    while _health(server) != 200:
        assert time.monotonic() < deadline, "the health check never saw the database back"
        time.sleep(0.5)
    assert set(_all_served(server, auth, 40)) == {200}
    with cluster().stopped():
        pass  # a restart: every connection ended
    statuses = _all_served(server, auth, 60)
    assert statuses.count(200) == len(statuses), f"failed after the restart: {statuses}"
    assert server.process is not None and server.process.poll() is None
    server.stop()
    log = server.log_file.read_text(errors="replace")
    assert log.count("cannot be used") == 1, log[-3000:]
    assert "postgresql://noomus:***@" in log and PASSWORD not in log
    # The leader lease's renewals (every 2 s) and the sweep failed meanwhile: one line each,
    # no traceback repeated through the outage.
    assert "Traceback" not in log, log[log.find("Traceback") - 300 :][:3000]


def test_a_write_transaction_excludes_every_other_writer(tmp_path: Path) -> None:
    """``Database.transaction()`` on PostgreSQL: one writer at a time across connections (and
    so across processes), as ``BEGIN IMMEDIATE`` is on SQLite."""
    url = new_database("postgresql")
    assert url is not None
    first = Database(parse_database_url(url, tmp_path))
    second = Database(parse_database_url(url, tmp_path))
    entered = threading.Event()

    def write() -> None:
        with second.transaction() as conn:
            entered.set()
            conn.execute("INSERT INTO settings(key, value) VALUES ('second', '')")
        second.close()

    with first.transaction() as conn:
        conn.execute("INSERT INTO settings(key, value) VALUES ('first', '')")
        other = threading.Thread(target=write)
        other.start()
        assert not entered.wait(1.0), "a second writer began while the first one held the lock"
    other.join(10)
    assert entered.is_set()
    assert [r[0] for r in first.all("SELECT key FROM settings ORDER BY key")] == ["first", "second"]
    first.close()
    second.close()  # the connection its schema check opened in this thread


def test_both_engines_have_the_same_tables_and_columns(tmp_path: Path) -> None:
    """PostgreSQL starts from its own baseline (noomus_extranet/pgschema.py), SQLite from the
    first schema and every migration since: a column added to one and not the other would
    break ``copy-database`` and every query that names it."""
    url = new_database("postgresql")
    assert url is not None
    engines = [
        Database(parse_database_url(None, tmp_path)),
        Database(parse_database_url(url, tmp_path)),
    ]
    try:
        shapes = []
        for db in engines:
            columns = {}
            for table in db.tables():
                cursor = db.execute(f"SELECT * FROM {table} LIMIT 0")  # noqa: S608 (its own names)
                columns[table] = {column[0] for column in cursor.description}
            shapes.append(columns)
        sqlite_shape, postgres_shape = shapes
        assert "leases" in sqlite_shape and "rate_hits" in sqlite_shape
        assert sqlite_shape == postgres_shape
    finally:
        for db in engines:
            db.close()
