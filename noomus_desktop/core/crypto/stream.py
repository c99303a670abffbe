"""STREAM: the chunked ChaCha20-Poly1305 payload encryption of age (``internal/stream``).

The payload is split into 64 KiB chunks, each sealed under a nonce made of an 11-byte
big-endian counter and a last-chunk flag byte. The last chunk may be full; it is empty only
when the whole payload is empty.

Speed comes from few Python-level operations per chunk: plaintext is read with ``readinto``
into one reused batch buffer, each chunk is sealed with ``encrypt_into`` straight into a
reused output buffer, and each batch is written with one call. Memory stays at two batch
buffers, whatever the file size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from noomus_desktop.core.crypto.errors import PayloadError
from noomus_desktop.core.crypto.ioutil import Readable, Writable
from noomus_desktop.core.crypto.primitives import hkdf_sha256

CHUNK_SIZE = 64 * 1024
TAG_SIZE = 16
ENCRYPTED_CHUNK_SIZE = CHUNK_SIZE + TAG_SIZE
NONCE_SIZE = 16
#: Chunks per read/write call (at least 2: a batch holds back its last chunk). Few, so that
#: a batch and its sealed copy stay in the core's cache between the read and the sealing:
#: with 16 (1 MiB batches) age encryption ran at 0.55x the age CLI, with 3 at 0.78x
#: (``docs/performance.md``); more calls cost less than the memory traffic.
BATCH_CHUNKS = 3
_LAST = b"\x01"
_NOT_LAST = b"\x00"


def payload_key(file_key: bytes, nonce: bytes) -> bytes:
    """The STREAM key: HKDF(file key, salt = payload nonce, "payload")."""
    return hkdf_sha256(file_key, nonce, b"payload")


def chunk_nonce(counter: int, last: bool) -> bytes:
    """The 12-byte ChaCha20-Poly1305 nonce of chunk number ``counter``."""
    return counter.to_bytes(11, "big") + (_LAST if last else _NOT_LAST)


def chunk_count(plaintext_size: int) -> int:
    """How many chunks a payload of ``plaintext_size`` bytes has (an empty one has one)."""
    return max(1, -(-plaintext_size // CHUNK_SIZE))


def payload_size(plaintext_size: int) -> int:
    """Size of the STREAM payload (without the nonce) for ``plaintext_size`` bytes."""
    return plaintext_size + TAG_SIZE * chunk_count(plaintext_size)


def read_batches(
    reader: Readable, unit: int, first: bytes = b""
) -> Iterator[tuple[memoryview, bool]]:
    """Yield ``(batch, final)`` slices of ``reader``, each a whole number of ``unit``s.

    A full unit at the end of a batch may be the last of the stream, which only the next read
    can tell, so a non-final batch holds back its last unit for the next one. The final batch
    is at least one unit long unless the stream is shorter than that. The yielded view is
    only valid until the next iteration.
    """
    buffer = bytearray(unit * BATCH_CHUNKS)
    view = memoryview(buffer)
    filled = len(first)
    view[:filled] = first
    while True:
        while filled < len(buffer):
            n = reader.readinto(view[filled:])
            if not n:
                yield view[:filled], True
                return
            filled += n
        keep = len(buffer) - unit
        yield view[:keep], False
        view[:unit] = view[keep:]
        filled = unit


class ChunkSealer:
    """Seals chunks of one payload; shared by whole-stream encryption and the random-access view."""

    def __init__(self, file_key: bytes, nonce: bytes) -> None:
        self._aead = ChaCha20Poly1305(payload_key(file_key, nonce))

    def seal_into(self, counter: int, last: bool, chunk: memoryview, out: memoryview) -> None:
        """Encrypt ``chunk`` into ``out`` (exactly ``len(chunk) + TAG_SIZE`` bytes)."""
        self._aead.encrypt_into(chunk_nonce(counter, last), chunk, None, out)

    def seal_batch(self, counter: int, final: bool, plain: memoryview, out: memoryview) -> int:
        """Seal consecutive chunks of ``plain`` from chunk ``counter``; return bytes written."""
        encrypt_into = self._aead.encrypt_into
        size = len(plain)
        count = chunk_count(size) if final else size // CHUNK_SIZE
        written = 0
        for i in range(count):
            start = i * CHUNK_SIZE
            end = min(start + CHUNK_SIZE, size)
            last = final and i == count - 1
            step = end - start + TAG_SIZE
            encrypt_into(
                chunk_nonce(counter + i, last),
                plain[start:end],
                None,
                out[written : written + step],
            )
            written += step
        return written


def encrypt_payload(file_key: bytes, nonce: bytes, reader: Readable, writer: Writable) -> None:
    """Write the STREAM ciphertext of everything ``reader`` yields (without the nonce)."""
    sealer = ChunkSealer(file_key, nonce)
    out = memoryview(bytearray(ENCRYPTED_CHUNK_SIZE * BATCH_CHUNKS))
    counter = 0
    for plain, final in read_batches(reader, CHUNK_SIZE):
        written = sealer.seal_batch(counter, final, plain, out)
        writer.write(out[:written])
        counter += len(plain) // CHUNK_SIZE


def decrypt_payload(
    file_key: bytes, nonce: bytes, reader: Readable, writer: Writable, first: bytes = b""
) -> None:
    """Verify and decrypt a STREAM payload, writing each chunk only once it is authenticated.

    ``first`` is payload already read past the header. Whatever was written before a
    :class:`PayloadError` is authentic plaintext (the testkit checks exactly that).
    """
    decrypt_into = ChaCha20Poly1305(payload_key(file_key, nonce)).decrypt_into
    out = memoryview(bytearray(CHUNK_SIZE * BATCH_CHUNKS))
    counter = 0
    for sealed, final in read_batches(reader, ENCRYPTED_CHUNK_SIZE, first):
        size = len(sealed)
        count = -(-size // ENCRYPTED_CHUNK_SIZE) if final else size // ENCRYPTED_CHUNK_SIZE
        if count == 0:
            raise PayloadError("no encrypted data after the header")
        written = 0
        try:
            for i in range(count):
                chunk = sealed[i * ENCRYPTED_CHUNK_SIZE : (i + 1) * ENCRYPTED_CHUNK_SIZE]
                last = final and i == count - 1
                step = len(chunk) - TAG_SIZE
                if step < 0 or (last and step == 0 and counter + i > 0):
                    raise PayloadError("truncated or empty last chunk")
                broken = _open_chunk(
                    decrypt_into, counter + i, last, chunk, out[written : written + step]
                )
                written += step
                if broken:
                    raise PayloadError(broken)
        finally:
            writer.write(out[:written])
        counter += count


def _open_chunk(
    decrypt_into: Callable[[bytes, memoryview, None, memoryview], object],
    counter: int,
    last: bool,
    sealed: memoryview,
    out: memoryview,
) -> str | None:
    """Open one chunk into ``out``; return why the stream breaks right after it, if it does.

    Like age, a full chunk that opens only with the other last-chunk flag is authentic (its
    plaintext is released) but the stream is broken: its end is missing, or data follows it.
    Raises :class:`PayloadError` if the chunk does not authenticate at all.
    """
    try:
        decrypt_into(chunk_nonce(counter, last), sealed, None, out)
    except InvalidTag:
        pass
    else:
        return None
    if len(out) == CHUNK_SIZE:
        try:
            decrypt_into(chunk_nonce(counter, not last), sealed, None, out)
        except InvalidTag:
            pass
        else:
            return "missing last chunk" if last else "data after the last chunk"
    raise PayloadError("authentication failed")
