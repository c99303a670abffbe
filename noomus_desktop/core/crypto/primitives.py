"""The small cryptographic building blocks of age v1 (``primitives.go`` in FiloSottile/age)."""

from __future__ import annotations

import hmac
from hashlib import sha256

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

FILE_KEY_SIZE = 16
_ZERO_NONCE = bytes(12)


def hkdf_sha256(ikm: bytes, salt: bytes, info: bytes, length: int = 32) -> bytes:
    """HKDF-SHA-256 (RFC 5869)."""
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(ikm)


def header_mac(file_key: bytes, header_without_mac: bytes) -> bytes:
    """The header HMAC: keyed by HKDF(file key, "header"), over the header up to ``---``."""
    key = hkdf_sha256(file_key, b"", b"header")
    return hmac.new(key, header_without_mac, sha256).digest()


def aead_encrypt(key: bytes, plaintext: bytes) -> bytes:
    """ChaCha20-Poly1305 with a zero nonce: safe because every wrapping key is used once."""
    return ChaCha20Poly1305(key).encrypt(_ZERO_NONCE, plaintext, None)


def aead_decrypt(key: bytes, ciphertext: bytes) -> bytes:
    """Inverse of :func:`aead_encrypt`; raises ``cryptography.exceptions.InvalidTag``."""
    return ChaCha20Poly1305(key).decrypt(_ZERO_NONCE, ciphertext, None)
