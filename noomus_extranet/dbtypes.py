"""What the rest of the service sees of a database connection, whichever the engine.

``sqlite3``'s connection, cursor and row already have this shape; the PostgreSQL backend
(noomus_extranet/postgres.py) gives its own the same one. Code is written against these
protocols, never against one engine's classes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol


class Row(Protocol):
    """A result row, readable by column name (``row["id"]``) and by index (``row[0]``)."""

    def __getitem__(self, key: int | str, /) -> Any: ...

    def keys(self) -> list[str]: ...

    def __len__(self) -> int: ...


class Cursor(Protocol):
    """The result of one statement."""

    @property
    def rowcount(self) -> int: ...

    @property
    def description(self) -> Any: ...

    def fetchone(self) -> Any: ...

    def fetchmany(self, size: int = ..., /) -> list[Any]: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """One connection; SQL is written with ``?`` placeholders on every engine."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Any, /) -> Any: ...
