"""Header rules no testkit vector reaches: each test here failed to exist while a mutant
of its rule (the check dropped, or loosened) passed the whole suite."""

from __future__ import annotations

import io

import pytest

from noomus_desktop.core.crypto import HeaderError, decrypt_bytes, encrypt_bytes, generate_identity
from noomus_desktop.core.crypto.format import (
    INTRO,
    MAX_LINE,
    Stanza,
    b64encode,
    header_without_mac,
    read_header,
)

IDENTITY = generate_identity()
MAC_LINE = b" " + b64encode(bytes(32)) + b"\n"


def test_a_header_without_stanzas_is_refused() -> None:
    """A file key wrapped to nobody: there is nothing to decrypt, and age refuses it."""
    with pytest.raises(HeaderError, match="no recipient stanzas"):
        read_header(io.BytesIO(header_without_mac([]) + MAC_LINE + bytes(16)))


def test_the_mac_line_needs_its_space() -> None:
    """``---x<mac>`` is not ``--- <mac>``: a loose parser accepts a second encoding of one
    header (and so decrypts a file that age refuses)."""
    data = encrypt_bytes(b"secret", [IDENTITY.recipient()])
    assert decrypt_bytes(data, [IDENTITY]) == b"secret"
    altered = data.replace(b"\n--- ", b"\n---x", 1)
    assert altered != data
    with pytest.raises(HeaderError, match="unexpected header line"):
        decrypt_bytes(altered, [IDENTITY])


class _Counting(io.BytesIO):
    """A source that remembers how much the parser took from it."""

    taken = 0

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        n = super().readinto(buffer)
        self.taken += n
        return n


def test_a_line_without_end_is_refused_before_it_fills_memory() -> None:
    """A stanza line that never ends is refused once it passes ``MAX_LINE``: the header's
    own limit counts only finished lines, so it alone would buffer the whole input."""
    source = _Counting(INTRO + b"-> X25519 " + b"A" * (64 * MAX_LINE))
    with pytest.raises(HeaderError, match="header line too long"):
        read_header(source)
    assert source.taken < 2 * MAX_LINE


def test_a_newer_version_is_named_as_such() -> None:
    """The person decrypting learns to update, not that the file is not age at all."""
    with pytest.raises(HeaderError, match="unsupported age version"):
        read_header(io.BytesIO(b"age-encryption.org/v2\n" + bytes(64)))


def test_an_x25519_share_of_the_wrong_length_is_named() -> None:
    """A 31-byte share is a malformed stanza, not a low-order point (what the X25519
    library would otherwise be left to say)."""
    stanza = Stanza("X25519", (b64encode(bytes(31)).decode(),), bytes(32))
    data = header_without_mac([stanza]) + MAC_LINE + bytes(16)
    with pytest.raises(HeaderError, match="invalid X25519 stanza share"):
        decrypt_bytes(data, [IDENTITY])
