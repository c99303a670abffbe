"""The minimal stream interfaces the engine reads from and writes to."""

from __future__ import annotations

from typing import Protocol


class Readable(Protocol):
    """A binary file or stream with ``readinto`` (files, ``BytesIO``, sockets' makefile)."""

    def readinto(self, buffer: memoryview, /) -> int | None: ...


class Writable(Protocol):
    """A binary file or stream that writes all it is given (a buffered file, ``BytesIO``)."""

    def write(self, data: memoryview, /) -> int | None: ...


class PrefixedReader:
    """Yields ``prefix`` and then the rest of ``reader``: undoes a look-ahead read."""

    def __init__(self, prefix: bytes, reader: Readable) -> None:
        self._prefix = memoryview(prefix)
        self._reader = reader

    def readinto(self, buffer: memoryview, /) -> int | None:
        if self._prefix:
            n = min(len(buffer), len(self._prefix))
            buffer[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        return self._reader.readinto(buffer)


def read_exactly(reader: Readable, size: int) -> bytes:
    """Read up to ``size`` bytes, fewer only at end of stream."""
    buffer = bytearray(size)
    view = memoryview(buffer)
    filled = 0
    while filled < size:
        n = reader.readinto(view[filled:])
        if not n:
            break
        filled += n
    return bytes(view[:filled])
