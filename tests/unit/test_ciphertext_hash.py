"""The ciphertext hash of a large upload runs beside the sending thread, in order, with a
bounded backlog (``engine.pipeline.CiphertextHash``); SHA-256, or BLAKE3 for a plain tus
server's manifest (``docs/crypto.md``)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable

import blake3
import pytest

from noomus_desktop.core.engine import pipeline
from noomus_desktop.core.engine.pipeline import CiphertextHash

SLICE = 256 * 1024

#: Each ``blake3`` flag of :class:`CiphertextHash` with the hex digest it must equal.
HASHES = pytest.mark.parametrize(
    ("use_blake3", "expected"),
    [
        (False, lambda data: hashlib.sha256(data).hexdigest()),
        (True, lambda data: blake3.blake3(data).hexdigest()),
    ],
    ids=["sha256", "blake3"],
)


class _Source:
    """A ``ByteSource`` over bytes (what ``complete`` regenerates from)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read_at(self, offset: int, n: int) -> bytearray:
        return bytearray(self.data[offset : offset + n])


@HASHES
def test_a_background_hash_equals_the_hash_of_the_bytes_sent_with_a_bounded_backlog(
    use_blake3: bool, expected: Callable[[bytes], str]
) -> None:
    data = os.urandom(40 * 1024 * 1024 + 123)
    backlog = []
    with CiphertextHash(background=True, blake3=use_blake3) as digest:
        for offset in range(0, len(data), SLICE):
            # A fresh buffer per piece, as the view hands out; sent again once (a retry).
            digest.feed(offset, memoryview(bytearray(data[offset : offset + SLICE])))
            digest.feed(offset, data[offset : offset + SLICE])
            backlog.append(digest._behind + digest._gathered_size)
        result = digest.complete(_Source(data), len(data))  # type: ignore[arg-type]
    assert result == expected(data)
    assert max(backlog) <= pipeline._HASH_BEHIND + 2 * pipeline._HASH_TASK + SLICE
    assert not digest._pending


@HASHES
def test_complete_regenerates_what_an_earlier_run_sent(
    use_blake3: bool, expected: Callable[[bytes], str]
) -> None:
    data = os.urandom(3 * SLICE)
    with CiphertextHash(background=True, blake3=use_blake3) as digest:
        digest.feed(SLICE, data[SLICE:])  # resumed at an offset: the start was sent before
        result = digest.complete(_Source(data), len(data))  # type: ignore[arg-type]
    assert result == expected(data)
