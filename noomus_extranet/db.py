"""The service's SQLite database (WAL): schema, migrations and connections.

Every thread gets its own connection (SQLite connections must not be shared across
threads); the admin CLI opens the same file while the server runs, so state such as a
suspension or a disabled account takes effect on the server's next request.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from noomus_extranet.migrations import LATER, Migration

# Each entry migrates from version i to i + 1 (PRAGMA user_version): a script, or a function
# of the connection (noomus_extranet/migrations.py).
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


class Database:
    """Per-thread connections to one database file, migrated on open."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._migrate()

    def connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            self._local.conn = conn
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT`` (rolled back on any exception)."""
        conn = self.connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            # SQLite may have rolled back already (e.g. SQLITE_FULL): keep the first error.
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def one(self, sql: str, params: tuple[object, ...] = ()) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.connection().execute(sql, params).fetchone()
        return row

    def all(self, sql: str, params: tuple[object, ...] = ()) -> list[sqlite3.Row]:
        return list(self.connection().execute(sql, params).fetchall())

    def execute(self, sql: str, params: tuple[object, ...] = ()) -> sqlite3.Cursor:
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
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def _migrate(self) -> None:
        with self.transaction() as conn:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            for index in range(version, len(MIGRATIONS)):
                migration = MIGRATIONS[index]
                if callable(migration):
                    migration(conn)
                else:
                    for statement in _statements(migration):
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {index + 1}")


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def now() -> float:
    return time.time()


def rfc3339(timestamp: float) -> str:
    """``2026-11-26T23:40:00Z``: the API's time format (UTC)."""
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
