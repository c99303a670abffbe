"""Schema changes after the first version, as functions run inside the migration transaction.

Each one takes the connection of ``Database.migrate`` (inside the writer's transaction): if it
raises, nothing of it stays. The ones up to ``pgschema.BASELINE_VERSION`` run on SQLite only
(PostgreSQL starts from that baseline); every one after it runs on both engines, so it must be
written in the SQL both share (types TEXT, INTEGER, BIGINT, DOUBLE PRECISION; ``"offset"``).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from noomus_extranet.dbtypes import Connection
from noomus_extranet.usernames import user_key

Migration = Callable[[Connection], None]


def case_insensitive_user_ids(conn: Connection) -> None:
    """Add ``users.username_key`` (unique). Rows that differ only by case keep the oldest
    one's ID; each younger one is renamed ``<id as created>#<row id>`` (``#`` cannot be
    in a user ID created since) and an incident tells coordinators to sort it out."""
    conn.execute("ALTER TABLE users ADD COLUMN username_key TEXT")
    seen: set[str] = set()
    for row in conn.execute("SELECT id, username FROM users ORDER BY id").fetchall():
        key = user_key(row["username"])
        username = row["username"]
        if key in seen:
            username = f"{username}#{row['id']}"
            key = user_key(username)
            conn.execute(
                "INSERT INTO incidents(kind, user_id, ip, note, created_at)"
                " VALUES ('user_id_conflict', ?, '-', ?, ?)",
                (
                    row["id"],
                    f"{row['username']} differed from another user ID only by case;"
                    f" renamed {username}",
                    time.time(),
                ),
            )
        seen.add(key)
        conn.execute(
            "UPDATE users SET username = ?, username_key = ? WHERE id = ?",
            (username, key, row["id"]),
        )
    conn.execute("CREATE UNIQUE INDEX users_username_key ON users(username_key)")


def user_quotas(conn: Connection) -> None:
    """Per-user upload limits (``users set-quota``); NULL = the server's default."""
    conn.execute(
        "CREATE TABLE quotas (user_id INTEGER PRIMARY KEY REFERENCES users(id),"
        " max_bytes INTEGER, max_uploads INTEGER)"
    )


def known_devices(conn: Connection) -> None:
    """Device tokens (hashes) of devices that signed in: noomus_extranet/devices.py."""
    conn.execute(
        "CREATE TABLE devices (token_hash TEXT PRIMARY KEY,"
        " user_id INTEGER NOT NULL REFERENCES users(id), created_at REAL NOT NULL)"
    )
    conn.execute("CREATE INDEX devices_user ON devices(user_id)")


def one_time_passwords(conn: Connection) -> None:
    """A coordinator's one-time password must be changed at the next sign-in."""
    conn.execute("ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0")


def staff_and_fetching(conn: Connection) -> None:
    """Staff accounts (``users.role``: ``customer`` or ``staff``, ``noomus-extranet staff add``)
    and when, and by whom, a delivery was fetched (``deliveries.fetched_at``/``fetched_by``):
    retention purges fetched deliveries after a while."""
    conn.execute("ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'customer'")
    conn.execute("ALTER TABLE deliveries ADD COLUMN fetched_at REAL")
    conn.execute("ALTER TABLE deliveries ADD COLUMN fetched_by INTEGER REFERENCES users(id)")
    conn.execute("CREATE INDEX deliveries_fetched ON deliveries(fetched_at)")


def delivery_numbers_never_reused(conn: Connection) -> None:
    """Delivery numbers are never given twice: a purged delivery's number used to come back
    (``INTEGER PRIMARY KEY`` takes the highest live one plus one), so ``delivery=1`` in the
    audit log, or a staff member's note, could mean two deliveries. SQLite cannot add
    ``AUTOINCREMENT`` to a table: it is rebuilt, rows and numbers kept."""
    conn.execute(
        "CREATE TABLE deliveries_numbered ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " upload_id TEXT NOT NULL UNIQUE REFERENCES uploads(id),"
        " user_id INTEGER NOT NULL REFERENCES users(id),"
        " size INTEGER NOT NULL, sha256 TEXT NOT NULL, path TEXT NOT NULL,"
        " metadata TEXT NOT NULL, received_at REAL NOT NULL,"
        " fetched_at REAL, fetched_by INTEGER REFERENCES users(id))"
    )
    columns = (
        "id, upload_id, user_id, size, sha256, path, metadata, received_at, fetched_at, fetched_by"
    )
    conn.execute(
        f"INSERT INTO deliveries_numbered ({columns}) SELECT {columns} FROM deliveries"  # noqa: S608
    )
    conn.execute("DROP TABLE deliveries")
    conn.execute("ALTER TABLE deliveries_numbered RENAME TO deliveries")
    conn.execute("CREATE INDEX deliveries_user ON deliveries(user_id)")
    conn.execute("CREATE INDEX deliveries_fetched ON deliveries(fetched_at)")


def leases(conn: Connection) -> None:
    """Leases shared by the server processes (noomus_extranet/leases.py): who writes an
    upload (``upload/<id>``) and who runs the cluster-wide sweep and purge (``leader``)."""
    conn.execute(
        "CREATE TABLE leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL,"
        " expires_at DOUBLE PRECISION NOT NULL, takeover TEXT)"
    )


def shared_rate_limits(conn: Connection) -> None:
    """Rate-limit attempts counted in the database, so every server process sees the same
    count (noomus_extranet/ratelimit.py): one row per attempt still in its window."""
    conn.execute(
        "CREATE TABLE rate_hits (id TEXT PRIMARY KEY, scope TEXT NOT NULL,"
        " subject TEXT NOT NULL, stamp DOUBLE PRECISION NOT NULL)"
    )
    conn.execute("CREATE INDEX rate_hits_subject ON rate_hits(scope, subject, stamp)")
    conn.execute("CREATE INDEX rate_hits_stamp ON rate_hits(scope, stamp)")


LATER: tuple[Migration, ...] = (
    case_insensitive_user_ids,
    user_quotas,
    known_devices,
    one_time_passwords,
    staff_and_fetching,
    delivery_numbers_never_reused,
    leases,
    shared_rate_limits,
)
