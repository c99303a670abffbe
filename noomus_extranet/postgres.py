"""The PostgreSQL backend of ``noomus_extranet.db.Database`` (psycopg 3, imported only here).

It makes a PostgreSQL connection look like the SQLite one the service was written for
(noomus_extranet/dbtypes.py): ``?`` placeholders (translated to ``%s`` once per SQL string),
rows readable by name and by index, autocommit outside transactions, and psycopg's errors
raised as ``sqlite3``'s classes (``db.IntegrityError``, ``db.DatabaseError``), so that a caller
catches one class whatever the engine. ``Database.transaction()`` is ``BEGIN`` plus one
advisory transaction lock: one writer at a time across every process, as SQLite's
``BEGIN IMMEDIATE`` is on one machine.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import Any

import psycopg
from psycopg import pq
from psycopg.types.numeric import NumericLoader

from noomus_extranet.dburl import redact

#: The key of the advisory lock every write transaction holds (any constant will do).
WRITER_LOCK = 0x4E4F4F4D5553
#: Seconds to wait for the server when connecting.
CONNECT_TIMEOUT = 10


class PgRow:
    """A row readable by column name and by index, like ``sqlite3.Row``."""

    __slots__ = ("_names", "_values")

    def __init__(self, names: dict[str, int], values: Sequence[Any]) -> None:
        self._names = names
        self._values = tuple(values)

    def __getitem__(self, key: int | str, /) -> Any:
        if isinstance(key, str):
            try:
                return self._values[self._names[key.lower()]]
            except KeyError:
                raise IndexError(f"No item with that key: {key}") from None
        return self._values[key]

    def keys(self) -> list[str]:
        return list(self._names)

    def __len__(self) -> int:
        return len(self._values)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PgRow) and self._values == other._values

    def __hash__(self) -> int:
        return hash(self._values)

    def __repr__(self) -> str:
        return f"PgRow({dict(zip(self._names, self._values, strict=False))!r})"


def _rows(cursor: psycopg.Cursor[Any]) -> Callable[[Sequence[Any]], PgRow]:
    names: dict[str, int] = {}
    for index, column in enumerate(cursor.description or ()):
        names.setdefault(column.name.lower(), index)  # the first of equal names, as SQLite
    return functools.partial(PgRow, names)


class _IntegralNumeric(NumericLoader):
    """``SUM`` of integers is ``numeric`` in PostgreSQL: give an ``int`` as SQLite does."""

    def load(self, data: Any) -> Any:
        value: Decimal = super().load(data)
        if value.is_finite() and value == value.to_integral_value():
            return int(value)
        return float(value)


@functools.lru_cache(maxsize=2048)
def translate(sql: str) -> str:
    """``?`` placeholders to ``%s`` and ``%`` to ``%%``, outside quoted text."""
    out: list[str] = []
    quote: str | None = None
    for char in sql:
        if quote is not None:
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "?":
            out.append("%s")
            continue
        if char == "%":
            out.append("%%")
            continue
        out.append(char)
    return "".join(out)


def _translated_error(exc: psycopg.Error) -> sqlite3.Error:
    message = redact(str(exc).strip() or type(exc).__name__)
    if isinstance(exc, psycopg.IntegrityError):
        return sqlite3.IntegrityError(message)
    return sqlite3.OperationalError(message)


class PgConnection:
    """A psycopg connection with the shape of ``sqlite3.Connection`` (dbtypes.Connection)."""

    def __init__(self, conninfo: str, connect_timeout: float = CONNECT_TIMEOUT) -> None:
        try:
            self._conn: psycopg.Connection[PgRow] = psycopg.connect(
                conninfo,
                autocommit=True,
                row_factory=_rows,
                connect_timeout=max(1, int(connect_timeout)),
                application_name="noomus-extranet",
            )
        except psycopg.Error as exc:
            raise _translated_error(exc) from None
        self._conn.adapters.register_loader("numeric", _IntegralNumeric)

    def execute(self, sql: str, parameters: Any = (), /) -> psycopg.Cursor[PgRow]:
        try:
            return self._conn.execute(translate(sql), tuple(parameters))
        except psycopg.Error as exc:
            raise _translated_error(exc) from exc

    def executemany(self, sql: str, parameters: Any, /) -> None:
        try:
            with self._conn.cursor() as cursor:
                cursor.executemany(translate(sql), [tuple(p) for p in parameters])
        except psycopg.Error as exc:
            raise _translated_error(exc) from exc

    @property
    def in_transaction(self) -> bool:
        return self._conn.info.transaction_status != pq.TransactionStatus.IDLE

    @property
    def usable(self) -> bool:
        """False once the connection is closed or broken (the server restarted, say)."""
        return not self._conn.closed and not self._conn.broken

    def begin_writer(self) -> None:
        """``BEGIN`` and wait for the cluster-wide writer lock (released at the end)."""
        self.execute("BEGIN")
        self.execute("SELECT pg_advisory_xact_lock(?)", (WRITER_LOCK,))

    def close(self) -> None:
        self._conn.close()


def probe_writable(conninfo: str, timeout: float) -> bool:
    """A fresh connection takes the writer's lock, writes a row and rolls it back, within
    ``timeout`` seconds (a writer holding the lock longer makes the service degraded)."""
    try:
        conn = PgConnection(conninfo, connect_timeout=timeout)
    except sqlite3.Error:
        return False
    try:
        conn.execute("BEGIN")
        conn.execute(f"SET LOCAL lock_timeout = {int(timeout * 1000)}")
        conn.execute(f"SET LOCAL statement_timeout = {int(timeout * 1000)}")
        conn.execute("SELECT pg_advisory_xact_lock(?)", (WRITER_LOCK,))  # as a writer would
        conn.execute(
            "INSERT INTO settings(key, value) VALUES ('health_check', '')"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value"
        )
        conn.execute("ROLLBACK")
        return True
    except sqlite3.Error:
        return False
    finally:
        conn.close()
