"""The age v1 header: recipient stanzas and the MAC line (``internal/format`` in age).

Parsing is strict, as the spec asks: canonical unpadded base64, LF line endings, 64-column
stanza bodies ending with a short line. Every malformation raises :class:`HeaderError`.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass

from noomus_desktop.core.crypto.errors import HeaderError
from noomus_desktop.core.crypto.ioutil import Readable

INTRO = b"age-encryption.org/v1\n"
_VERSION_PREFIX = b"age-encryption.org/"
_STANZA_PREFIX = b"-> "
_MAC_PREFIX = b"---"
_COLUMNS = 64
_MAC_SIZE = 32
#: Longest header line accepted: far above any real stanza (a post-quantum share is ~1.5 KB).
MAX_LINE = 64 * 1024
#: Largest header accepted (hundreds of post-quantum recipients, thousands of X25519 ones):
#: bounds time and memory on hostile input.
MAX_HEADER = 1024 * 1024
_READ_BLOCK = 8192


def b64encode(data: bytes) -> bytes:
    """Unpadded standard base64, as age writes it."""
    return base64.b64encode(data).rstrip(b"=")


def b64decode(text: bytes) -> bytes:
    """Decode canonical unpadded base64; ``binascii.Error`` on anything else."""
    if b"=" in text or b"\r" in text or b"\n" in text:
        raise binascii.Error("padding or line break in base64")
    data = base64.b64decode(text + b"=" * (-len(text) % 4), validate=True)
    if b64encode(data) != text:
        raise binascii.Error("non-canonical base64")
    return data


@dataclass(frozen=True)
class Stanza:
    """One recipient stanza: a type, its arguments, and a binary body."""

    type: str
    args: tuple[str, ...]
    body: bytes

    def encode(self) -> bytes:
        line = b" ".join([self.type.encode(), *(a.encode() for a in self.args)])
        encoded = b64encode(self.body)
        lines = [encoded[i : i + _COLUMNS] for i in range(0, len(encoded), _COLUMNS)]
        if not lines or len(lines[-1]) == _COLUMNS:
            lines.append(b"")
        return _STANZA_PREFIX + line + b"\n" + b"".join(chunk + b"\n" for chunk in lines)


@dataclass(frozen=True)
class Header:
    """A parsed header: its stanzas, MAC, and the exact bytes the MAC covers."""

    stanzas: tuple[Stanza, ...]
    mac: bytes
    #: The header bytes up to and including ``---`` (what the MAC authenticates).
    authenticated: bytes

    @property
    def encoded(self) -> bytes:
        """The complete header, as it appears at the start of the file."""
        return self.authenticated + b" " + b64encode(self.mac) + b"\n"


def header_without_mac(stanzas: Sequence[Stanza]) -> bytes:
    """The MAC-covered part of a header holding ``stanzas``."""
    return INTRO + b"".join(s.encode() for s in stanzas) + _MAC_PREFIX


class _LineReader:
    """Reads LF-terminated lines off a stream, remembering what it read past the header."""

    def __init__(self, reader: Readable) -> None:
        self._reader = reader
        self._buffer = bytearray()
        self._block = bytearray(_READ_BLOCK)
        self._consumed = 0

    def line(self) -> bytes:
        if self._consumed > MAX_HEADER:
            raise HeaderError("header too large")
        start = 0
        while True:
            end = self._buffer.find(b"\n", start)
            if end >= 0:
                line = bytes(self._buffer[: end + 1])
                del self._buffer[: end + 1]
                self._consumed += len(line)
                return line
            if len(self._buffer) > MAX_LINE:
                raise HeaderError("header line too long")
            start = len(self._buffer)
            n = self._reader.readinto(memoryview(self._block))
            if not n:
                raise HeaderError("the header is incomplete")
            self._buffer += memoryview(self._block)[:n]

    def leftover(self) -> bytes:
        return bytes(self._buffer)


def _parse_args(line: bytes) -> tuple[str, tuple[str, ...]]:
    args = line[len(_STANZA_PREFIX) : -1].split(b" ")
    for arg in args:
        if not arg or any(not 0x21 <= c <= 0x7E for c in arg):
            raise HeaderError("invalid stanza argument")
    return args[0].decode(), tuple(a.decode() for a in args[1:])


def _parse_body(lines: _LineReader) -> tuple[bytes, list[bytes]]:
    body = bytearray()
    raw: list[bytes] = []
    while True:
        line = lines.line()
        raw.append(line)
        text = line[:-1]
        if len(text) > _COLUMNS:
            raise HeaderError("stanza body line too long")
        try:
            body += b64decode(text)
        except (binascii.Error, ValueError):
            raise HeaderError("invalid stanza body") from None
        if len(text) < _COLUMNS:
            return bytes(body), raw


def read_header(reader: Readable) -> tuple[Header, bytes]:
    """Parse the header at the start of ``reader``.

    Returns the header and the bytes already read past it (the start of the payload).
    """
    lines = _LineReader(reader)
    intro = lines.line()
    if intro != INTRO:
        if intro.startswith(_VERSION_PREFIX):
            raise HeaderError("unsupported age version")
        raise HeaderError("missing age header")
    raw = [intro]
    stanzas: list[Stanza] = []
    while True:
        line = lines.line()
        if line.startswith(_STANZA_PREFIX):
            raw.append(line)
            kind, args = _parse_args(line)
            body, body_lines = _parse_body(lines)
            raw.extend(body_lines)
            stanzas.append(Stanza(kind, args, body))
        elif line.startswith(_MAC_PREFIX + b" "):
            raw.append(_MAC_PREFIX)
            try:
                mac = b64decode(line[len(_MAC_PREFIX) + 1 : -1])
            except (binascii.Error, ValueError):
                raise HeaderError("invalid header MAC encoding") from None
            if len(mac) != _MAC_SIZE:
                raise HeaderError("invalid header MAC length")
            if not stanzas:
                raise HeaderError("no recipient stanzas")
            header = Header(tuple(stanzas), mac, b"".join(raw))
            return header, lines.leftover()
        else:
            raise HeaderError("unexpected header line")
