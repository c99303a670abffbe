"""``noomus-extranet copy-database``: every row of one database into another, either engine.

Moving an installation from SQLite to PostgreSQL (or back) must not lose a delivery, a
session or an incident, nor give a delivery's number twice: the copy reads the source in one
snapshot and writes the target in one transaction (all or nothing), refuses a target that
holds any row, copies every table with its ids, carries each table's highest number given so
far (SQLite's ``sqlite_sequence``, PostgreSQL's identity sequences) so that numbers of purged
deliveries are not given again, and checks every table's row count before committing.
Backups of a PostgreSQL installation reuse it to write their SQLite snapshot (backup.py).
"""

from __future__ import annotations

from noomus_extranet.db import Connection, Database

#: Tables in an order that inserts every row after the rows it refers to; tables added by
#: later migrations follow in name order (they must refer only to these).
ORDER = (
    "settings",
    "users",
    "sessions",
    "access_tokens",
    "refresh_tokens",
    "recipients",
    "uploads",
    "deliveries",
    "incidents",
    "quotas",
    "devices",
)
BATCH = 1000


class CopyError(Exception):
    """The copy was refused or failed; nothing was written (message for the operator)."""


def copy_database(source: Database, target: Database) -> dict[str, int]:
    """Copy every row of ``source`` into the empty ``target`` (both at the same schema
    version); returns the rows copied per table."""
    versions = source.schema_version(), target.schema_version()
    if versions[0] != versions[1]:
        raise CopyError(
            f"The source has schema version {versions[0]}, the target {versions[1]}:"
            " migrate both to this release's first."
        )
    tables = _ordered(source.tables())
    if set(tables) != set(target.tables()):
        raise CopyError("The source and the target have different tables.")
    counts: dict[str, int] = {}
    with source.snapshot() as src, target.transaction() as dst:
        for table in tables:
            if _count(dst, table):
                raise CopyError(
                    f"The target is not empty (table {table} has rows): nothing copied."
                )
        for table in tables:
            counts[table] = _copy_table(src, dst, table)
        for table, highest in _high_water(source, src, tables).items():
            _set_high_water(target, dst, table, highest)
        for table in tables:
            if _count(dst, table) != counts[table]:
                raise CopyError(f"Table {table}: the copy's row count differs; nothing copied.")
    return counts


def _ordered(tables: list[str]) -> list[str]:
    known = [t for t in ORDER if t in tables]
    return known + sorted(t for t in tables if t not in ORDER)


def _count(conn: Connection, table: str) -> int:
    return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])  # noqa: S608


def _columns(conn: Connection, table: str) -> list[str]:
    cursor = conn.execute(f"SELECT * FROM {table} LIMIT 0")  # noqa: S608
    return [str(column[0]) for column in cursor.description]


def _copy_table(src: Connection, dst: Connection, table: str) -> int:
    columns = ", ".join(f'"{name}"' for name in _columns(src, table))
    marks = ", ".join("?" for _ in _columns(src, table))
    cursor = src.execute(f"SELECT {columns} FROM {table}")  # noqa: S608
    insert = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
    copied = 0
    while rows := cursor.fetchmany(BATCH):
        dst.executemany(insert, [tuple(row) for row in rows])
        copied += len(rows)
    return copied


def _has_id(conn: Connection, table: str) -> bool:
    return "id" in _columns(conn, table)


def _high_water(db: Database, conn: Connection, tables: list[str]) -> dict[str, int]:
    """Per table with an ``id``: the highest number it has given (live or purged)."""
    highest: dict[str, int] = {}
    for table in tables:
        if not _has_id(conn, table):
            continue
        row = conn.execute(f"SELECT MAX(id) FROM {table}").fetchone()  # noqa: S608
        live = row[0] if isinstance(row[0], int) else 0
        highest[table] = max(live, _sequence(db, conn, table))
    return highest


def _sequence(db: Database, conn: Connection, table: str) -> int:
    if db.is_postgres:
        row = conn.execute(
            "SELECT pg_sequence_last_value(pg_get_serial_sequence(?, 'id'))", (table,)
        ).fetchone()
    else:
        row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
    return int(row[0]) if row is not None and row[0] is not None else 0


def _set_high_water(db: Database, conn: Connection, table: str, highest: int) -> None:
    if highest <= 0:
        return
    if db.is_postgres:
        conn.execute("SELECT setval(pg_get_serial_sequence(?, 'id'), ?, true)", (table, highest))
        return
    # Only AUTOINCREMENT tables (deliveries) keep a number in sqlite_sequence; the others take
    # the highest live id plus one, as they always have.
    create = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    if "AUTOINCREMENT" not in str(create[0]).upper():
        return
    if conn.execute("SELECT 1 FROM sqlite_sequence WHERE name = ?", (table,)).fetchone():
        conn.execute(
            "UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = ?", (highest, table)
        )
    else:
        conn.execute("INSERT INTO sqlite_sequence(name, seq) VALUES (?, ?)", (table, highest))
