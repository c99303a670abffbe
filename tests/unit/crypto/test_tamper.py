"""Any damage to an age file is caught, and the parsers only ever raise typed errors."""

from __future__ import annotations

import contextlib
import io
import os

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from noomus_desktop.core.crypto import (
    DecryptionError,
    HeaderError,
    decrypt_bytes,
    encrypt_bytes,
    generate_identity,
)
from noomus_desktop.core.crypto.format import read_header

CHUNK = 64 * 1024
IDENTITY = generate_identity()
OTHER = generate_identity()
SETTINGS = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
SAMPLES = {
    size: encrypt_bytes(os.urandom(size), [OTHER.recipient(), IDENTITY.recipient()])
    for size in (0, 1, CHUNK, CHUNK + 1, 3 * CHUNK - 1)
}


@SETTINGS
@given(data=st.data())
def test_any_flipped_byte_fails_decryption(data: st.DataObject) -> None:
    ciphertext = data.draw(st.sampled_from(sorted(SAMPLES.items())), label="sample")[1]
    position = data.draw(st.integers(0, len(ciphertext) - 1), label="position")
    flip = data.draw(st.integers(1, 255), label="xor")
    damaged = bytearray(ciphertext)
    damaged[position] ^= flip
    try:
        decrypt_bytes(bytes(damaged), [IDENTITY])
    except DecryptionError:
        return
    raise AssertionError(f"flip at {position} of {len(ciphertext)} went unnoticed")


@SETTINGS
@given(size=st.sampled_from(sorted(SAMPLES)), cut=st.integers(1, 200))
def test_truncation_fails_decryption(size: int, cut: int) -> None:
    ciphertext = SAMPLES[size]
    try:
        decrypt_bytes(ciphertext[: max(0, len(ciphertext) - cut)], [IDENTITY])
    except DecryptionError:
        return
    raise AssertionError("truncated file decrypted")


def _header_only(ciphertext: bytes) -> bytes:
    header, _ = read_header(io.BytesIO(ciphertext))
    return header.encoded


@SETTINGS
@given(raw=st.binary(max_size=600))
@example(raw=b"age-encryption.org/v1\n-> \n")
@example(raw=b"age-encryption.org/v1\n-> X25519 \xff\n\n--- AAAA\n")
@example(raw=b"age-encryption.org/v1\n--- " + b"A" * 43 + b"\n")
def test_header_parser_fuzz_arbitrary_bytes(raw: bytes) -> None:
    with contextlib.suppress(HeaderError):
        read_header(io.BytesIO(raw))


@SETTINGS
@given(
    data=st.data(),
    edits=st.lists(st.tuples(st.integers(0, 10_000), st.binary(max_size=3)), max_size=4),
)
def test_header_parser_fuzz_mutated_headers(
    data: st.DataObject, edits: list[tuple[int, bytes]]
) -> None:
    header = bytearray(_header_only(SAMPLES[1]))
    for position, replacement in edits:
        at = position % (len(header) + 1)
        width = data.draw(st.integers(0, 3), label="width")
        header[at : at + width] = replacement
    with contextlib.suppress(HeaderError):
        read_header(io.BytesIO(bytes(header)))


@SETTINGS
@given(raw=st.binary(max_size=400), armored=st.booleans())
def test_decrypt_fuzz_only_raises_decryption_errors(raw: bytes, armored: bool) -> None:
    prefix = b"-----BEGIN AGE ENCRYPTED FILE-----\n" if armored else b"age-encryption.org/v1\n"
    with contextlib.suppress(DecryptionError):
        decrypt_bytes(prefix + raw, [IDENTITY])


class _Endless:
    """A hostile stream: an endless header of valid, tiny stanzas."""

    def __init__(self) -> None:
        self._first = True

    def readinto(self, buffer: memoryview) -> int:
        if self._first:
            self._first = False
            buffer[:22] = b"age-encryption.org/v1\n"
            return 22
        n = len(buffer) - len(buffer) % 6
        buffer[:n] = b"-> x\n\n" * (n // 6)
        return n


def test_endless_header_is_refused() -> None:
    with pytest.raises(HeaderError, match="header too large"):
        read_header(_Endless())
