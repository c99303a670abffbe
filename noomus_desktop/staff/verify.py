"""Does a delivery's manifest (its encrypted name metadata) describe the delivery it came with?

Anyone holding the public recipient can write a manifest, and a compromised server can swap
manifests between deliveries: a name is trusted only once its file is known to match
(:func:`mismatch`: size and SHA-256 of the decrypted file, and, when the manifest carries
them, the age header's MAC, the ciphertext length and, in format 2, the ciphertext's SHA-256
or, in a manifest sent to a plain tus server, its BLAKE3).
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import blake3

from noomus_desktop.core.crypto import FileMetadata, Identities, decrypt_stream
from noomus_desktop.core.crypto.format import read_header
from noomus_desktop.core.fsutil import file_hexdigest, sha256_file


def mismatch(meta: FileMetadata, source: Path, identities: Identities) -> str | None:
    """Why ``meta`` does not describe the ciphertext at ``source``, or ``None``.

    Decrypts once to hash the plaintext (nothing is written): the name must not be trusted
    before its file is known to match.
    """
    with source.open("rb") as file:
        header, _ = read_header(file)
    if meta.header_mac is not None and not hmac.compare_digest(meta.header_mac, header.mac.hex()):
        return "it belongs to another encryption: the age header's MAC differs"
    if meta.ciphertext_size is not None and meta.ciphertext_size != source.stat().st_size:
        return "the ciphertext length differs"
    if meta.ciphertext_sha256 is not None and not hmac.compare_digest(
        meta.ciphertext_sha256, sha256_file(source)
    ):
        return "the ciphertext's SHA-256 differs"
    if meta.ciphertext_blake3 is not None and not hmac.compare_digest(
        meta.ciphertext_blake3, file_hexdigest(source, blake3.blake3)
    ):
        return "the ciphertext's BLAKE3 differs"
    digest = _Hashing()
    with source.open("rb") as file:
        decrypt_stream(file, digest, identities)
    if digest.size != meta.size:
        return "the decrypted size differs"
    if not hmac.compare_digest(digest.sha256.hexdigest(), meta.sha256):
        return "the decrypted file's SHA-256 differs"
    return None


class _Hashing:
    """A writer that keeps only the size and SHA-256 of what it is given."""

    def __init__(self) -> None:
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes | bytearray | memoryview) -> int:
        self.sha256.update(data)
        self.size += len(data)
        return len(data)
