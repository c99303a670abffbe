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

import contextlib
import functools
import logging
import selectors
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import Any, TypeVar

import psycopg
from psycopg import pq
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.types.numeric import NumericLoader

from noomus_extranet.db import DatabaseUnavailable
from noomus_extranet.dburl import redact

log = logging.getLogger(__name__)
T = TypeVar("T")

#: The key of the advisory lock every write transaction holds (any constant will do).
WRITER_LOCK = 0x4E4F4F4D5553
#: Seconds to wait for the server when connecting.
CONNECT_TIMEOUT = 10
#: libpq's bounds on a dead path (the database's host powered off, a NAT that forgot an idle
#: flow), where the kernel's defaults wait about 15 minutes for unacknowledged data and two
#: hours before probing an idle connection: a probe after 10 s idle, every 5 s, 3 unanswered
#: end the connection (a dead path is seen within about 25 s); data unacknowledged for 30 s
#: (TCP_USER_TIMEOUT, milliseconds) ends it too, so a request answers ``503`` instead of
#: hanging. A database URL that sets one of them itself keeps its own value.
DEAD_PATH_BOUNDS = {
    "keepalives": "1",
    "keepalives_idle": "10",
    "keepalives_interval": "5",
    "keepalives_count": "3",
    "tcp_user_timeout": "30000",
}
#: ``idle_in_transaction_session_timeout`` (milliseconds) of the service's sessions, unless
#: the URL (``options=-c ...``), the role, the database or the server's configuration sets
#: it: PostgreSQL ends a session idle inside a transaction that long, so a backend whose
#: client died or was cut off mid-transaction frees the writer's lock within a minute, not
#: after the server's own keepalives (two hours by default). The service's transactions send
#: their statements back to back (the longest waits inside one are a lease's renewal, bounded
#: by its 8 s time to live, and the client's own work between two statements); only the
#: operator's ``copy-database`` and ``backup`` of a PostgreSQL database read one table while
#: writing the previous one, and would need a table that takes a minute to write.
IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000


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


#: SQLSTATEs that say the server, not the statement, failed: it is shutting down or starting,
#: out of memory or of connection slots (class 08, a connection exception, too), or it takes
#: no writes (``25006 read_only_sql_transaction``: the URL leads to a standby, after a
#: failover say, or ``default_transaction_read_only`` is on): for a customer the writable
#: database is gone, and the request may succeed once it is back. PostgreSQL's ``53100
#: disk_full`` is not one: it keeps its SQLSTATE and answers ``507 storage_full``
#: (noomus_extranet/reserve.py), as SQLite's SQLITE_FULL does.
_UNAVAILABLE = frozenset({"25006", "53200", "53300", "57P01", "57P02", "57P03"})


def _translated_error(exc: psycopg.Error, conn: psycopg.Connection[Any] | None) -> sqlite3.Error:
    """``exc`` as ``sqlite3``'s class (its message redacted, its ``sqlstate`` kept);
    ``DatabaseUnavailable`` when the server could not be reached (``conn`` None: connecting
    failed) or ended the connection."""
    message = redact(str(exc).strip() or type(exc).__name__)
    sqlstate = exc.sqlstate or ""
    if isinstance(exc, psycopg.IntegrityError):
        return _keeping(sqlite3.IntegrityError(message), exc.sqlstate)
    if (
        conn is None
        or conn.closed
        or conn.broken
        or sqlstate in _UNAVAILABLE
        or sqlstate.startswith("08")
    ):
        return _keeping(DatabaseUnavailable(message), exc.sqlstate)
    return _keeping(sqlite3.OperationalError(message), exc.sqlstate)


def _keeping(error: sqlite3.Error, sqlstate: str | None) -> sqlite3.Error:
    """``error`` carrying PostgreSQL's ``sqlstate`` (reserve.is_disk_full reads it)."""
    error.sqlstate = sqlstate  # type: ignore[attr-defined]
    return error


def _connect(conninfo: str, connect_timeout: float) -> psycopg.Connection[PgRow]:
    try:
        given = conninfo_to_dict(conninfo)
        bounded = make_conninfo(
            conninfo, **{key: value for key, value in DEAD_PATH_BOUNDS.items() if key not in given}
        )
        conn: psycopg.Connection[PgRow] = psycopg.connect(
            bounded,
            autocommit=True,
            row_factory=_rows,
            connect_timeout=max(1, int(connect_timeout)),
            application_name="noomus-extranet",
        )
    except psycopg.Error as exc:
        raise _translated_error(exc, None) from None
    try:
        _bound_idle_transactions(conn)
    except psycopg.Error as exc:
        conn.close()
        raise _translated_error(exc, None) from None
    conn.adapters.register_loader("numeric", _IntegralNumeric)
    return conn


def _bound_idle_transactions(conn: psycopg.Connection[Any]) -> None:
    """Set the session's ``idle_in_transaction_session_timeout`` unless anything set it
    (its ``source`` is ``default`` only then): one round trip, once per connection."""
    conn.execute(
        "SELECT set_config(name, %s, false) FROM pg_settings"
        " WHERE name = 'idle_in_transaction_session_timeout' AND source = 'default'",
        (str(IDLE_IN_TRANSACTION_TIMEOUT_MS),),
    )


def _ended_by_server(conn: psycopg.Connection[Any]) -> bool:
    """Has the server ended this idle connection? PostgreSQL sends nothing unasked to a client
    that does not ``LISTEN`` except when it ends the connection (its ``FATAL`` message, then
    the end of the stream; a restart, ``pg_terminate_backend``): an idle connection with
    something to read is one to replace. Asking costs one ``poll``, no round trip, and sends
    nothing, so it is safe before any statement, a write included."""
    if conn.closed or conn.broken:
        return True
    with selectors.DefaultSelector() as selector:
        selector.register(conn.fileno(), selectors.EVENT_READ)
        return bool(selector.select(0))


def _starts_nothing(sql: str) -> bool:
    """A statement that, run outside a transaction and failed with its connection, changed
    nothing that running it again could double: ``BEGIN`` or a query."""
    words = sql.split(None, 1)
    return bool(words) and words[0].rstrip(";").upper() in ("BEGIN", "SELECT")


class PgConnection:
    """A psycopg connection with the shape of ``sqlite3.Connection`` (dbtypes.Connection).

    It survives a restart of the server: outside a transaction, a connection the server has
    ended is replaced before the next statement is sent (:func:`_ended_by_server`), and a
    ``BEGIN`` (with the writer's lock) or a query that fails because its connection broke is
    run once more on a new one. A statement inside a transaction is never run again: what the
    transaction did before died with its connection, and the error (``DatabaseUnavailable``)
    reaches the caller.
    """

    def __init__(self, conninfo: str, connect_timeout: float = CONNECT_TIMEOUT) -> None:
        self._conninfo = conninfo
        self._connect_timeout = connect_timeout
        self._conn = _connect(conninfo, connect_timeout)

    def execute(self, sql: str, parameters: Any = (), /) -> psycopg.Cursor[PgRow]:
        values = tuple(parameters)
        return self._attempt(
            lambda: self._conn.execute(translate(sql), values),
            again=not self.in_transaction and _starts_nothing(sql),
        )

    def executemany(self, sql: str, parameters: Any, /) -> None:
        rows = [tuple(p) for p in parameters]

        def run() -> None:
            with self._conn.cursor() as cursor:
                cursor.executemany(translate(sql), rows)

        self._attempt(run, again=False)

    def _attempt(self, run: Callable[[], T], *, again: bool) -> T:
        """``run``, on a new connection if the server ended this one while it was idle, and
        once more on a new one if ``again`` and it failed because the connection broke."""
        if not self.in_transaction and _ended_by_server(self._conn):
            self._reconnect()
        try:
            return run()
        except psycopg.Error as exc:
            if not (again and self._conn.broken):
                raise _translated_error(exc, self._conn) from exc
            log.info("the database connection broke (%s): connecting anew", redact(str(exc)))
        self._reconnect()
        try:
            return run()
        except psycopg.Error as exc:
            raise _translated_error(exc, self._conn) from exc

    def _reconnect(self) -> None:
        with contextlib.suppress(psycopg.Error):
            self._conn.close()
        self._conn = _connect(self._conninfo, self._connect_timeout)

    @property
    def in_transaction(self) -> bool:
        return self._conn.info.transaction_status != pq.TransactionStatus.IDLE

    @property
    def usable(self) -> bool:
        """False once the connection is closed or broken (the server restarted, say)."""
        return not self._conn.closed and not self._conn.broken

    def begin_writer(self) -> None:
        """``BEGIN`` and wait for the cluster-wide writer lock (released at the end).

        Run once more on a new connection if the connection breaks meanwhile: the lock is the
        transaction's and died with it, and nothing was written yet."""

        def begin() -> None:
            self._conn.execute("BEGIN")
            try:
                self._conn.execute(translate("SELECT pg_advisory_xact_lock(?)"), (WRITER_LOCK,))
            except psycopg.Error:
                # Waiting for the lock failed on a live connection (a statement_timeout or
                # lock_timeout of the role, a cancel): end the transaction, or the thread's
                # connection stays aborted and fails every later statement.
                if not self._conn.broken:
                    with contextlib.suppress(psycopg.Error):
                        self._conn.execute("ROLLBACK")
                raise

        self._attempt(begin, again=not self.in_transaction)

    def fileno(self) -> int:
        """The connection's socket (its bounds on a dead path can be read from it)."""
        return self._conn.fileno()

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
