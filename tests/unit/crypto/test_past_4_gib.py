"""Sizes past 2**32 through the size arithmetic, in milliseconds: no 4 GiB file is written.

A 32-bit slip anywhere (a size, a chunk counter, an offset) would show here as a wrong count
or a wrong nonce. The end-to-end proof with a real sparse file over 4 GiB runs at full
strength only (``tests/chaos/test_files.py::test_sparse_file_over_4_gib``).
"""

from __future__ import annotations

import os

import pytest
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from noomus_desktop.core.crypto import EncryptionPlan, generate_identity
from noomus_desktop.core.crypto.stream import (
    CHUNK_SIZE,
    ENCRYPTED_CHUNK_SIZE,
    TAG_SIZE,
    ChunkSealer,
    chunk_count,
    chunk_nonce,
    payload_key,
)

#: Sizes of a file around and past 2**32 bytes, and far past it.
SIZES = [2**32 - 1, 2**32, 2**32 + 1, 2**32 + 12_345, 5 * 2**40 + 7]


@pytest.mark.parametrize("size", SIZES)
def test_ciphertext_size_past_4_gib(size: int) -> None:
    plan = EncryptionPlan.create([generate_identity().recipient()])
    chunks = size // CHUNK_SIZE + (size % CHUNK_SIZE > 0)
    assert chunk_count(size) == chunks >= 2**16
    assert plan.ciphertext_size(size) == len(plan.prefix) + size + TAG_SIZE * chunks
    # The last chunk starts where the arithmetic of a random-access read puts it.
    last = chunks - 1
    assert len(plan.prefix) + last * ENCRYPTED_CHUNK_SIZE > 2**32 - ENCRYPTED_CHUNK_SIZE


@pytest.mark.parametrize("counter", [2**16, 2**32 - 1, 2**32, 2**40 + 3])
def test_chunk_numbers_past_32_bits_keep_every_bit(counter: int) -> None:
    """The STREAM nonce is an 11-byte big-endian counter and a last-chunk flag (age spec)."""
    assert chunk_nonce(counter, False) == counter.to_bytes(11, "big") + b"\x00"
    assert chunk_nonce(counter, True) == counter.to_bytes(11, "big") + b"\x01"
    if counter >= 2**32:
        assert chunk_nonce(counter, False) != chunk_nonce(counter % 2**32, False)


def test_the_last_chunk_of_a_file_past_4_gib_opens_with_its_own_number() -> None:
    """Seal the final chunk of a 4 GiB + 12,345-byte file alone, as a resumed upload does, and
    open it with the nonce its position gives: the counter reached the cipher whole."""
    plan = EncryptionPlan.create([generate_identity().recipient()])
    size = 2**32 + 12_345
    last = chunk_count(size) - 1
    plain = os.urandom(size - last * CHUNK_SIZE)
    sealed = bytearray(len(plain) + TAG_SIZE)
    ChunkSealer(plan.file_key, plan.nonce).seal_into(
        last, True, memoryview(plain), memoryview(sealed)
    )
    cipher = ChaCha20Poly1305(payload_key(plan.file_key, plan.nonce))
    assert cipher.decrypt(chunk_nonce(last, True), bytes(sealed), None) == plain
