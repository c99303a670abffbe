"""Bytes the extranet takes for age ciphertext without encrypting anything: a well-formed
header (one X25519 stanza per recipient, random shares and MAC) and a payload of the size
STREAM allows. The server cannot tell them from real ciphertext (it holds no identity), so
tests and benchmarks of the upload path need not pay for encryption."""

from __future__ import annotations

import base64
import hashlib

AGE_PREFIX = b"age-encryption.org/v1\n"
_NONCE = 16
_TAG = 16
_CHUNK = 64 * 1024 + _TAG


def _b64(data: bytes) -> bytes:
    return base64.b64encode(data).rstrip(b"=")


def fake_header(seed: bytes = b"x", recipients: int = 1) -> bytes:
    random = hashlib.shake_256(b"header" + seed).digest(64 * recipients + 32)
    stanzas = b"".join(
        b"-> X25519 "
        + _b64(random[64 * i : 64 * i + 32])
        + b"\n"
        + _b64(random[64 * i + 32 : 64 * i + 64])
        + b"\n"
        for i in range(recipients)
    )
    return AGE_PREFIX + stanzas + b"--- " + _b64(random[-32:]) + b"\n"


def fake_age_size(size: int, seed: bytes = b"x", recipients: int = 1) -> bool:
    """Whether ``size`` bytes can be a well-formed fake (a payload STREAM allows)."""
    payload = size - len(fake_header(seed, recipients))
    last = (payload - _NONCE) % _CHUNK
    return payload >= _NONCE + _TAG and not 0 < last < _TAG


def fake_age(size: int, seed: bytes = b"x", recipients: int = 1) -> bytes:
    """``size`` bytes: a fake age file when the size allows one, else its first bytes."""
    header = fake_header(seed, recipients)
    body = hashlib.shake_256(seed).digest(max(0, size - len(header)))
    return (header + body)[:size]
