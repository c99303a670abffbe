"""``Database`` on a real PostgreSQL whose connections fail (tests/helpers/postgres.py): a
connection the server ended is replaced before anything is sent on it, a ``BEGIN`` or a query
whose connection breaks runs once more on a new one, a statement inside a transaction or a
write outside one never does; and PostgreSQL's ``disk_full`` is the service's disk full.

Connections go through a ``FaultProxy`` (tests/helpers/faultproxy.py) where a test must break
one at a chosen moment: ``cut_after(0)`` closes it as the next statement leaves the client,
before a byte of it reaches PostgreSQL, so the statement certainly never ran and a row it
would write shows whether it was run again."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import psycopg
import pytest

from noomus_extranet.db import Database, DatabaseError, DatabaseUnavailable
from noomus_extranet.dburl import parse_database_url
from noomus_extranet.reserve import PIECES, SpaceReserve, is_disk_full, write_security_state
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.postgres import cluster
from tests.helpers.server import RunningExtranet, new_database


@pytest.fixture
def url() -> str:
    created = new_database("postgresql")
    assert created is not None
    return created


@pytest.fixture
def proxy() -> Iterator[FaultProxy]:
    with FaultProxy(("127.0.0.1", cluster().port), http=False) as started:
        yield started


def _database(url: str, tmp_path: Path, proxy: FaultProxy | None = None) -> Database:
    if proxy is not None:
        url = url.replace(f":{cluster().port}/", f":{proxy.port}/")
    return Database(parse_database_url(url, tmp_path))


def _keys(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        return [row[0] for row in conn.execute("SELECT key FROM settings ORDER BY key")]


def test_a_connection_the_server_ended_is_replaced_before_anything_is_sent(
    url: str, tmp_path: Path
) -> None:
    """A restart of PostgreSQL ends every connection while it sits idle: the next statement,
    even a write outside a transaction (which is never run twice), goes to a new one."""
    db = _database(url, tmp_path)
    try:
        db.set_setting("first", "")
        cluster().end_connections(url)
        db.set_setting("second", "")  # a write: only the check before sending can save it
        cluster().end_connections(url)
        with db.transaction() as conn:
            conn.execute("INSERT INTO settings(key, value) VALUES ('third', '')")
        cluster().end_connections(url)
        with db.snapshot() as conn:
            assert conn.execute("SELECT COUNT(*) FROM settings").fetchone()[0] == 3
        assert _keys(url) == ["first", "second", "third"]
    finally:
        db.close()


def test_a_begin_or_a_query_whose_connection_breaks_runs_once_more(
    url: str, tmp_path: Path, proxy: FaultProxy
) -> None:
    """The connection looked alive and broke as the statement left: ``BEGIN`` (with the
    writer's lock) and a query are safe to send again, and are."""
    db = _database(url, tmp_path, proxy)
    try:
        proxy.cut_after(0)
        with db.transaction() as conn:
            conn.execute("INSERT INTO settings(key, value) VALUES ('written', '')")
        proxy.cut_after(0)
        assert db.one("SELECT COUNT(*) FROM settings") is not None
        assert proxy.cuts_done == 2
        assert _keys(url) == ["written"]
    finally:
        db.close()


def test_a_writer_whose_wait_for_the_lock_fails_leaves_its_connection_usable(
    url: str, tmp_path: Path
) -> None:
    """Waiting for the writers' lock can fail on a live connection (a ``statement_timeout`` or
    ``lock_timeout`` of the role while another process holds the lock, a cancel): the
    transaction it began is ended, so the thread's next statements run instead of failing
    as "current transaction is aborted" for the rest of the process's life."""
    from noomus_extranet.postgres import WRITER_LOCK

    db = _database(url, tmp_path)
    try:
        with psycopg.connect(url, autocommit=True) as holder:
            holder.execute("SELECT pg_advisory_lock(%s)", (WRITER_LOCK,))  # another writer
            db.connection().execute("SET statement_timeout = 300")
            with pytest.raises(DatabaseError), db.transaction():
                pass  # never reached: the lock is not granted within 300 ms
            db.connection().execute("SET statement_timeout = 0")
            [row] = db.connection().execute("SELECT 1").fetchall()
            assert row[0] == 1
        db.set_setting("after", "")  # and the lock, free again, is taken
        assert _keys(url) == ["after"]
    finally:
        db.close()


def test_a_statement_inside_a_transaction_or_a_write_is_never_run_again(
    url: str, tmp_path: Path, proxy: FaultProxy
) -> None:
    """What a transaction did died with its connection: running its next statement on a new
    one would write half a transaction. A write outside one may have run before its
    connection broke: running it again could write it twice. Both reach the caller as
    ``DatabaseUnavailable`` (the server's ``503``), and the next transaction works."""
    db = _database(url, tmp_path, proxy)
    try:
        with pytest.raises(DatabaseUnavailable), db.transaction() as conn:
            conn.execute("INSERT INTO settings(key, value) VALUES ('half', '')")
            proxy.cut_after(0)
            conn.execute("INSERT INTO settings(key, value) VALUES ('other half', '')")
        proxy.cut_after(0)
        with pytest.raises(DatabaseUnavailable):
            db.set_setting("twice", "")
        assert proxy.cuts_done == 2
        assert _keys(url) == []
        db.set_setting("afterwards", "")
        assert _keys(url) == ["afterwards"]
    finally:
        db.close()


def test_postgresql_disk_full_is_disk_full(url: str, tmp_path: Path) -> None:
    """``53100 disk_full`` is recognised as a psycopg error and as the ``sqlite3`` one the
    backend raises for it (raised here by PostgreSQL itself, with that SQLSTATE; filling a
    real disk under PostgreSQL is left out: a tmpfs data directory needs root and time).
    ``53200 out_of_memory`` is not disk full: it is the database unavailable."""
    assert is_disk_full(psycopg.errors.DiskFull("no room"))
    assert not is_disk_full(psycopg.errors.OutOfMemory("no memory"))
    db = _database(url, tmp_path)
    try:
        with pytest.raises(DatabaseUnavailable) as out_of_memory:
            db.execute(_raising("53200"))
        assert not is_disk_full(out_of_memory.value)
        with pytest.raises(DatabaseError) as full:
            db.execute(_raising("53100"))
        assert is_disk_full(full.value) and not isinstance(full.value, DatabaseUnavailable)
        with pytest.raises(DatabaseError) as other:
            db.execute(_raising("22012"))
        assert not is_disk_full(other.value)
    finally:
        db.close()


def test_postgresql_disk_full_leaves_the_data_directory_reserve_alone(
    url: str, tmp_path: Path
) -> None:
    """The space reserve lies in the data directory; PostgreSQL writes to its own disk
    (usually another machine's), where freeing the reserve makes no room: a security write
    refused for PostgreSQL's full disk fails as disk full and leaves every piece in place."""
    db = _database(url, tmp_path)
    try:
        reserve = SpaceReserve.beside(db)
        assert reserve.replenish() == PIECES
        with pytest.raises(DatabaseError) as refused:
            write_security_state(db, lambda conn: conn.execute(_raising("53100")))
        assert is_disk_full(refused.value)
        assert sorted(path.name for path in reserve.folder.iterdir()) == [
            str(index) for index in range(PIECES)
        ]
    finally:
        db.close()


def test_a_sign_in_on_a_full_postgresql_disk_answers_storage_full(
    extranet_factory: Callable[..., RunningExtranet],
) -> None:
    """The server answers PostgreSQL's ``disk_full`` as SQLite's: ``507 storage_full`` with
    ``Retry-After``, not ``500`` (a trigger raises it for every new session)."""
    server: RunningExtranet = extranet_factory(database="postgresql")
    assert server.database is not None
    with psycopg.connect(server.database, autocommit=True) as conn:
        conn.execute(
            "CREATE FUNCTION full_disk() RETURNS trigger LANGUAGE plpgsql AS"
            f" $$ BEGIN {_raise('53100')}; END $$"
        )
        conn.execute(
            "CREATE TRIGGER full_disk BEFORE INSERT ON sessions"
            " FOR EACH ROW EXECUTE FUNCTION full_disk()"
        )
    refused = httpx.post(
        f"{server.url}/api/v1/auth/login",
        json={"username": server.username, "password": server.password, "device_name": "x"},
        timeout=30,
    )
    assert refused.status_code == 507, refused.text
    assert refused.json()["error"]["code"] == "storage_full" and refused.headers["Retry-After"]


def _raise(sqlstate: str) -> str:
    return f"RAISE EXCEPTION 'raised by the test' USING ERRCODE = '{sqlstate}'"


def _raising(sqlstate: str) -> str:
    """A statement PostgreSQL answers with an error of ``sqlstate``."""
    return f"DO $$ BEGIN {_raise(sqlstate)}; END $$"
