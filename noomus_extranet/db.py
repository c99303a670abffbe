"""The service's database: schema, migrations and connections, on SQLite or PostgreSQL.

SQLite (WAL, the embedded default) is a file in the data directory; PostgreSQL is named by
``--database postgresql://...`` (noomus_extranet/dburl.py, postgres.py). Every thread gets its
own connection (SQLite connections must not be shared across threads; a PostgreSQL one is used
by one request at a time); the admin CLI opens the same database while the server runs, so
state such as a suspension or a disabled account takes effect on the server's next request.

Schema versions: SQLite keeps its version in ``PRAGMA user_version`` and migrates itself when
opened (as it always has: ``make demo`` and small installations need no extra step);
PostgreSQL keeps it in the table ``schema_version`` and is migrated only by
``noomus-extranet migrate``: opening it checks the version. Both refuse a schema newer than
this release knows (a newer release wrote it).
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from noomus_extranet.dbtypes import Connection, Cursor, Row
from noomus_extranet.dburl import DatabaseTarget
from noomus_extranet.migrations import LATER, Migration

if TYPE_CHECKING:
    from noomus_extranet.postgres import PgConnection

__all__ = [
    "Connection",
    "Cursor",
    "DatabaseError",
    "DatabaseUnavailable",
    "IntegrityError",
    "Row",
]

#: What a failed statement raises on either engine (the PostgreSQL backend raises these too).
DatabaseError = sqlite3.Error
#: A broken constraint (a duplicate key, say), on either engine.
IntegrityError = sqlite3.IntegrityError


class DatabaseUnavailable(sqlite3.OperationalError):
    """The database server cannot be reached or ended the connection (PostgreSQL only: SQLite
    is a file). Transient: the request that needs it answers ``503 database_unavailable`` and
    the next connection is opened anew. A ``DatabaseError`` still, so every caller that
    catches that keeps doing so."""


def one_line(exc: BaseException) -> str:
    """An error's message on one line (libpq's span several), for a log line."""
    return " ".join(str(exc).split())


class Throttle:
    """At most one log line every ``interval`` seconds about one ongoing failure (a database
    outage fails every request and every background task), counting what it held back."""

    def __init__(self, interval: float = 60.0) -> None:
        self.interval = interval
        self._lock = threading.Lock()
        self._said_at: float | None = None
        self._held_back = 0

    def due(self) -> int | None:
        """How many were held back since the last line if one is due now, else None."""
        with self._lock:
            at = time.monotonic()
            if self._said_at is not None and at - self._said_at < self.interval:
                self._held_back += 1
                return None
            held_back, self._held_back, self._said_at = self._held_back, 0, at
            return held_back


#: The background tasks' "no database" lines, all tasks together.
_BACKGROUND_OUTAGE = Throttle()


def log_failure(log: logging.Logger, what: str) -> None:
    """In an ``except`` block of a background task (the sweep, the purge, the leader lease):
    when the database is unreachable, one line (its traceback would say nothing more) at
    most once a minute for all tasks together, since the leader lease alone fails every 2 s
    of an outage and would bury the rest of the log; the traceback otherwise."""
    exc = sys.exc_info()[1]
    if not isinstance(exc, DatabaseUnavailable):
        log.exception("%s failed", what)
        return
    held_back = _BACKGROUND_OUTAGE.due()
    if held_back is not None:
        more = f"; {held_back} more background failures since the last line" if held_back else ""
        log.warning(
            "%s failed: no database (%s), said at most once every %d s%s",
            what,
            one_line(exc),
            _BACKGROUND_OUTAGE.interval,
            more,
        )


# Each entry migrates from version i to i + 1: a script, or a function of the connection
# (noomus_extranet/migrations.py). PostgreSQL starts at pgschema.BASELINE_VERSION.
MIGRATIONS: tuple[str | Migration, ...] = (
    """
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        company TEXT NOT NULL,
        email TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        locked INTEGER NOT NULL DEFAULT 0,
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at REAL NOT NULL
    );
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id),
        device_name TEXT NOT NULL,
        ip TEXT NOT NULL,
        created_at REAL NOT NULL,
        last_used_at REAL NOT NULL,
        revoked_at REAL,
        revoked_reason TEXT
    );
    CREATE TABLE access_tokens (
        token_hash TEXT PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        expires_at REAL NOT NULL
    );
    CREATE INDEX access_tokens_session ON access_tokens(session_id);
    CREATE TABLE refresh_tokens (
        token_hash TEXT PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        expires_at REAL NOT NULL,
        used_at REAL
    );
    CREATE INDEX refresh_tokens_session ON refresh_tokens(session_id);
    CREATE TABLE recipients (
        id INTEGER PRIMARY KEY,
        recipient TEXT NOT NULL UNIQUE,
        added_at REAL NOT NULL
    );
    CREATE TABLE uploads (
        id TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id),
        length INTEGER NOT NULL,
        offset INTEGER NOT NULL DEFAULT 0,
        metadata TEXT NOT NULL DEFAULT '',
        created_at REAL NOT NULL,
        expires_at REAL NOT NULL,
        state TEXT NOT NULL DEFAULT 'open'
    );
    CREATE INDEX uploads_state ON uploads(state, expires_at);
    CREATE TABLE deliveries (
        id INTEGER PRIMARY KEY,
        upload_id TEXT NOT NULL UNIQUE REFERENCES uploads(id),
        user_id INTEGER NOT NULL REFERENCES users(id),
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        path TEXT NOT NULL,
        metadata TEXT NOT NULL,
        received_at REAL NOT NULL
    );
    CREATE INDEX deliveries_user ON deliveries(user_id);
    CREATE TABLE incidents (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        user_id INTEGER REFERENCES users(id),
        ip TEXT NOT NULL,
        note TEXT NOT NULL,
        created_at REAL NOT NULL
    );
    """,
    *LATER,
)


class SchemaError(Exception):
    """The database's schema is not the one this release serves (message for the operator)."""


class Database:
    """Per-thread connections to one database; SQLite is migrated on open, PostgreSQL checked.

    ``path`` is the SQLite file, or a ``DatabaseTarget`` (noomus_extranet/dburl.py). With
    ``check=False`` nothing is migrated or checked (``noomus-extranet migrate`` and
    ``copy-database`` do that themselves).
    """

    def __init__(self, path: Path | DatabaseTarget, *, check: bool = True) -> None:
        self.target = path if isinstance(path, DatabaseTarget) else DatabaseTarget(path)
        #: The SQLite file, or where it would be: the audit log and the reserve are beside it.
        self.path = self.target.path
        self._local = threading.local()
        if check:
            if self.target.conninfo is None:
                self.migrate()
            else:
                self.check_schema()

    @property
    def is_postgres(self) -> bool:
        return self.target.is_postgres

    def connection(self) -> Connection:
        return self._connection()

    def _connection(self) -> sqlite3.Connection | PgConnection:
        conn: sqlite3.Connection | PgConnection | None = getattr(self._local, "conn", None)
        if conn is not None and (isinstance(conn, sqlite3.Connection) or conn.usable):
            return conn
        if self.target.conninfo is not None:
            from noomus_extranet.postgres import PgConnection

            # A broken one (the database restarted) is replaced on the next use.
            conn = PgConnection(self.target.conninfo)
        else:
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
        self._local.conn = conn
        return conn

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One writer at a time (SQLite ``BEGIN IMMEDIATE``; PostgreSQL ``BEGIN`` and the
        cluster-wide advisory lock) ... ``COMMIT``, rolled back on any exception."""
        conn = self._connection()
        if isinstance(conn, sqlite3.Connection):
            conn.execute("BEGIN IMMEDIATE")
        else:
            conn.begin_writer()
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            # SQLite may have rolled back already (e.g. SQLITE_FULL): keep the first error.
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            raise

    @contextmanager
    def snapshot(self) -> Iterator[Connection]:
        """A read-only transaction: every read sees the database as it was at its first one
        (writers go on meanwhile; ``copy-database`` and backups read through it)."""
        conn = self._connection()
        if isinstance(conn, sqlite3.Connection):
            conn.execute("BEGIN")  # deferred: WAL readers see one snapshot, block no writer
        else:
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            yield conn
        finally:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")

    def tables(self) -> list[str]:
        """The names of the service's tables (not the engine's own, nor ``schema_version``)."""
        if self.target.conninfo is None:
            sql = (
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
            )
        else:
            sql = (
                "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
                " AND table_schema = current_schema() AND table_name != 'schema_version'"
                " ORDER BY table_name"
            )
        return [str(row[0]) for row in self.connection().execute(sql).fetchall()]

    def one(self, sql: str, params: tuple[object, ...] = ()) -> Row | None:
        row: Row | None = self.connection().execute(sql, params).fetchone()
        return row

    def all(self, sql: str, params: tuple[object, ...] = ()) -> list[Row]:
        return list(self.connection().execute(sql, params).fetchall())

    def execute(self, sql: str, params: tuple[object, ...] = ()) -> Cursor:
        return self.connection().execute(sql, params)

    def setting(self, key: str, default: str = "") -> str:
        row = self.one("SELECT value FROM settings WHERE key = ?", (key,))
        return str(row["value"]) if row else default

    def set_setting(self, key: str, value: str) -> None:
        self.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def close(self) -> None:
        conn: sqlite3.Connection | PgConnection | None = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def probe_writable(self, timeout: float) -> bool:
        """Can a fresh connection begin a write within ``timeout`` seconds? (health checks)"""
        if self.target.conninfo is not None:
            from noomus_extranet.postgres import probe_writable

            return probe_writable(self.target.conninfo, timeout)
        return _sqlite_writable(self.path, timeout)

    # -- schema versions ----------------------------------------------------------------------

    def schema_version(self) -> int:
        """The database's schema version (0: nothing created yet)."""
        conn = self.connection()
        if self.target.conninfo is None:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])
        if conn.execute("SELECT to_regclass('schema_version')").fetchone()[0] is None:
            return 0
        row = conn.execute("SELECT version FROM schema_version").fetchone()
        return int(row[0]) if row else 0

    def check_schema(self) -> None:
        """Raise ``SchemaError`` unless the schema is exactly the one this release serves."""
        version = self.schema_version()
        _refuse_newer(version, self.target)
        if version < len(MIGRATIONS):
            raise SchemaError(
                f"The database {self.target} has schema version {version}; this release needs"
                f" {len(MIGRATIONS)}. Run `noomus-extranet --database ... migrate` first"
                " (back the database up before)."
            )

    def migrate(self) -> list[int]:
        """Bring the schema up to this release's version; returns the versions applied."""
        with self.transaction() as conn:
            version = self.schema_version()  # in the writer's transaction: one at a time
            _refuse_newer(version, self.target)
            applied: list[int] = []
            if version == 0 and self.target.conninfo is not None:
                from noomus_extranet.pgschema import BASELINE, BASELINE_VERSION

                for statement in BASELINE:
                    conn.execute(statement)
                conn.execute("INSERT INTO schema_version(version) VALUES (0)")
                version = BASELINE_VERSION
                applied.append(version)
            for index in range(version, len(MIGRATIONS)):
                migration = MIGRATIONS[index]
                if callable(migration):
                    migration(conn)
                else:
                    for statement in _statements(migration):
                        conn.execute(statement)
                applied.append(index + 1)
            if applied:
                self._set_schema_version(conn, applied[-1])
        return applied

    def _set_schema_version(self, conn: Connection, version: int) -> None:
        if self.target.conninfo is None:
            conn.execute(f"PRAGMA user_version = {version}")
        else:
            conn.execute("UPDATE schema_version SET version = ?", (version,))


def references_to(conn: Connection, table: str) -> list[tuple[str, str]]:
    """``(table, column)`` of every foreign key that refers to ``table``, on either engine."""
    if isinstance(conn, sqlite3.Connection):
        found = []
        for (child,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            for ref in conn.execute("SELECT * FROM pragma_foreign_key_list(?)", (child,)):
                if ref["table"] == table:
                    found.append((str(child), str(ref["from"])))
        return found
    rows = conn.execute(
        "SELECT cl.relname, att.attname FROM pg_constraint c"
        " JOIN pg_class cl ON cl.oid = c.conrelid"
        " JOIN pg_attribute att ON att.attrelid = c.conrelid AND att.attnum = ANY(c.conkey)"
        " WHERE c.contype = 'f' AND c.confrelid = CAST(? AS regclass)",
        (table,),
    ).fetchall()
    return [(str(row[0]), str(row[1])) for row in rows]


def _refuse_newer(version: int, target: DatabaseTarget) -> None:
    if version > len(MIGRATIONS):
        raise SchemaError(
            f"The database {target} has schema version {version}, newer than this release's"
            f" {len(MIGRATIONS)}: a newer release of noomus-extranet wrote it. Run that release"
            " (or restore a backup made before it)."
        )


def _sqlite_writable(path: Path, timeout: float) -> bool:
    """A fresh connection (a file made read-only since the start is seen) begins a write
    transaction, writes a row and rolls it back: nothing reaches the disk."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=timeout)
    except sqlite3.Error:
        return False
    conn.isolation_level = None
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO settings(key, value) VALUES ('health_check', '')"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value"
        )
        return True
    except sqlite3.Error:
        return False
    finally:
        with contextlib.suppress(sqlite3.Error):
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        conn.close()


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def now() -> float:
    return time.time()


def rfc3339(timestamp: float) -> str:
    """``2026-11-26T23:40:00Z``: the API's time format (UTC)."""
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
