"""The service's PostgreSQL connections bound a dead path and an idle transaction (security
invariant 5; docs/operations.md): read from a real connection to the test cluster, made by the
server's own connect path (``PgConnection``, over TCP to 127.0.0.1), its socket's options and
the session's ``idle_in_transaction_session_timeout``; and what a database URL, or the
database's own settings, say instead wins."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

import psycopg
import pytest

from noomus_extranet.db import Database, DatabaseUnavailable
from noomus_extranet.dburl import parse_database_url
from noomus_extranet.postgres import PgConnection
from tests.helpers.postgres import cluster
from tests.helpers.server import new_database


@pytest.fixture
def url() -> str:
    created = new_database("postgresql")
    assert created is not None
    return created


def _socket_bounds(conn: PgConnection) -> dict[str, int]:
    """The socket's keepalive and user-timeout options, under libpq's names."""
    with socket.socket(fileno=os.dup(conn.fileno())) as sock:
        assert sock.family == socket.AF_INET  # keepalives mean nothing on a Unix socket
        return {
            "keepalives": sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE),
            "keepalives_idle": sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE),
            "keepalives_interval": sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL),
            "keepalives_count": sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT),
            "tcp_user_timeout": sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT),
        }


def _idle_in_transaction_timeout(conn: PgConnection) -> str:
    row = conn.execute("SHOW idle_in_transaction_session_timeout").fetchone()
    assert row is not None
    return str(row[0])


def test_a_connection_bounds_a_dead_path_and_an_idle_transaction(url: str) -> None:
    """Without them, a request on a dead path hangs about 15 minutes and a backend orphaned
    mid-transaction holds the writer's lock for hours."""
    conn = PgConnection(url)
    try:
        assert _socket_bounds(conn) == {
            "keepalives": 1,
            "keepalives_idle": 10,
            "keepalives_interval": 5,
            "keepalives_count": 3,
            "tcp_user_timeout": 30000,
        }
        assert _idle_in_transaction_timeout(conn) == "1min"
        # A connection made anew (the server restarted) is bounded the same way.
        cluster().end_connections(url)
        conn.execute("SELECT 1")
        assert _socket_bounds(conn)["tcp_user_timeout"] == 30000
        assert _idle_in_transaction_timeout(conn) == "1min"
    finally:
        conn.close()


def test_the_database_urls_own_values_win(url: str) -> None:
    own = (
        "?keepalives_idle=7&keepalives_count=2&tcp_user_timeout=12345"
        "&options=-c%20idle_in_transaction_session_timeout%3D5000"
    )
    conn = PgConnection(url + own)
    try:
        assert _socket_bounds(conn) == {
            "keepalives": 1,
            "keepalives_idle": 7,
            "keepalives_interval": 5,
            "keepalives_count": 2,
            "tcp_user_timeout": 12345,
        }
        assert _idle_in_transaction_timeout(conn) == "5s"
    finally:
        conn.close()
    off = PgConnection(url + "?keepalives=0&tcp_user_timeout=0")
    try:
        bounds = _socket_bounds(off)
        assert (bounds["keepalives"], bounds["tcp_user_timeout"]) == (0, 0)
    finally:
        off.close()


@pytest.mark.parametrize(("setting", "shown"), [("'90s'", "90s"), ("0", "0")])
def test_the_databases_own_timeout_wins(url: str, setting: str, shown: str) -> None:
    """An operator who set the timeout on the database (or the role, or in postgresql.conf)
    keeps it, even one who turned it off: only a session nothing configured gets ours."""
    dbname = url.rsplit("/", 1)[1]
    with psycopg.connect(cluster().admin_conninfo(), autocommit=True) as admin:
        admin.execute(
            f"ALTER DATABASE {dbname} SET idle_in_transaction_session_timeout = {setting}"
        )
    conn = PgConnection(url)
    try:
        assert _idle_in_transaction_timeout(conn) == shown
    finally:
        conn.close()


def test_a_writer_left_idle_in_its_transaction_frees_the_lock_and_its_server_recovers(
    url: str, tmp_path: Path
) -> None:
    """What the timeout is for, with 1 s set in the URL (the service's 60 s would make a slow
    test): a writer that holds the writers' lock and sends nothing more (its client hung, or
    the path to it died) has its session ended, so the next writer gets the lock; the idle
    one's next statement fails as an outage (``503``), nothing it wrote stays, and its next
    transaction runs on a new connection."""
    idle = Database(
        parse_database_url(
            f"{url}?options=-c%20idle_in_transaction_session_timeout%3D1000", tmp_path
        )
    )
    writer = Database(parse_database_url(url, tmp_path))
    try:
        with pytest.raises(DatabaseUnavailable), idle.transaction() as held:
            held.execute("INSERT INTO settings(key, value) VALUES ('idle', '')")
            started = time.monotonic()
            with writer.transaction() as conn:  # waits while the idle one holds the lock
                conn.execute("INSERT INTO settings(key, value) VALUES ('writer', '')")
            waited = time.monotonic() - started
            held.execute("SELECT 1")
        assert 1.0 <= waited < 10.0
        with idle.transaction() as again:
            again.execute("INSERT INTO settings(key, value) VALUES ('again', '')")
        keys = [row[0] for row in writer.all("SELECT key FROM settings ORDER BY key")]
        assert keys == ["again", "writer"]
    finally:
        idle.close()
        writer.close()
