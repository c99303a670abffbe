"""The optional ASCII armor of age (``armor/armor.go``): strict PEM-like base64.

Decoding is streaming and strict: a ``BEGIN`` line, 64-column canonical base64 lines with a
shorter (or full) last line carrying the padding, an ``END`` line, LF or CRLF line endings,
and only whitespace (at most 1 KiB) outside.
"""

from __future__ import annotations

import base64
import binascii

from noomus_desktop.core.crypto.errors import ArmorError
from noomus_desktop.core.crypto.ioutil import Readable, Writable

BEGIN = b"-----BEGIN AGE ENCRYPTED FILE-----"
END = b"-----END AGE ENCRYPTED FILE-----"
_COLUMNS = 64
_MAX_WHITESPACE = 1024
#: Enough of a file's start to see an armor's BEGIN line past the whitespace allowed before.
SNIFF_SIZE = _MAX_WHITESPACE + 64
_WHITESPACE = b" \t\r\n"
_READ_BLOCK = 64 * 1024
_MAX_LINE = max(_COLUMNS, len(BEGIN)) + 2


def looks_armored(start: bytes) -> bool:
    """Whether a file starting with ``start`` is armored (leading whitespace allowed)."""
    stripped = start.lstrip(_WHITESPACE)
    return bool(stripped) and BEGIN.startswith(stripped[: len(BEGIN)])


class ArmoredReader:
    """Decodes an armored age file into the binary age file, as a readable stream."""

    def __init__(self, reader: Readable) -> None:
        self._reader = reader
        self._raw = bytearray()
        self._block = bytearray(_READ_BLOCK)
        self._decoded = bytearray()
        self._started = False
        self._finished = False
        self._saw_short_line = False

    def _fill(self) -> bool:
        n = self._reader.readinto(memoryview(self._block))
        if not n:
            return False
        self._raw += memoryview(self._block)[:n]
        return True

    def _line(self) -> bytes:
        """The next line without its LF or CRLF; a missing final newline is tolerated."""
        while True:
            end = self._raw.find(b"\n")
            if end >= 0:
                line = bytes(self._raw[:end])
                del self._raw[: end + 1]
                return line[:-1] if line.endswith(b"\r") else line
            if len(self._raw) > _MAX_LINE:
                raise ArmorError("line too long")
            if not self._fill():
                if not self._raw:
                    raise ArmorError("missing end line")
                line = bytes(self._raw)
                self._raw.clear()
                return line

    def _skip_leading_whitespace(self) -> None:
        while True:
            stripped = self._raw.lstrip(_WHITESPACE)
            skipped = len(self._raw) - len(stripped)
            if skipped > _MAX_WHITESPACE:
                raise ArmorError("too much leading whitespace")
            if stripped:
                del self._raw[:skipped]
                return
            if not self._fill():
                raise ArmorError("missing begin line")

    def _check_trailing(self) -> None:
        while len(self._raw) <= _MAX_WHITESPACE and self._fill():
            pass
        if len(self._raw) > _MAX_WHITESPACE:
            raise ArmorError("too much trailing data")
        if self._raw.strip(_WHITESPACE):
            raise ArmorError("trailing data after the armor")

    def _decode_line(self) -> None:
        line = self._line()
        if line == END:
            self._finished = True
            self._check_trailing()
            return
        if self._saw_short_line:
            raise ArmorError("data after the last line")
        if not line or len(line) > _COLUMNS:
            raise ArmorError("wrong line length")
        self._saw_short_line = len(line) < _COLUMNS or line.endswith(b"=")
        try:
            data = base64.b64decode(line, validate=True)
        except (binascii.Error, ValueError):
            raise ArmorError("invalid base64") from None
        if base64.b64encode(data) != line:
            raise ArmorError("non-canonical base64")
        self._decoded += data

    def readinto(self, buffer: memoryview, /) -> int:
        if not self._started:
            self._skip_leading_whitespace()
            if self._line() != BEGIN:
                raise ArmorError("invalid begin line")
            self._started = True
        while not self._decoded and not self._finished:
            self._decode_line()
        n = min(len(buffer), len(self._decoded))
        buffer[:n] = self._decoded[:n]
        del self._decoded[:n]
        return n


class ArmoredWriter:
    """Encodes a binary age file as armor; call :meth:`close` to write the end line."""

    def __init__(self, writer: Writable) -> None:
        self._writer = writer
        self._pending = bytearray()
        self._writer.write(memoryview(BEGIN + b"\n"))

    def write(self, data: memoryview, /) -> int:
        self._pending += data
        whole = len(self._pending) - len(self._pending) % 48
        if whole:
            self._emit(bytes(self._pending[:whole]))
            del self._pending[:whole]
        return len(data)

    def _emit(self, data: bytes) -> None:
        encoded = base64.b64encode(data)
        lines = b"".join(
            encoded[i : i + _COLUMNS] + b"\n" for i in range(0, len(encoded), _COLUMNS)
        )
        self._writer.write(memoryview(lines))

    def close(self) -> None:
        if self._pending:
            self._emit(bytes(self._pending))
            self._pending.clear()
        self._writer.write(memoryview(END + b"\n"))
