"""The post-quantum hybrid recipient type of age (``mlkem768x25519``, age 1.3 and later).

The file key is sealed with HPKE (RFC 9180) using the MLKEM768-X25519 KEM, HKDF-SHA-256 and
ChaCha20-Poly1305, with the info string ``age-encryption.org/mlkem768x25519``. The stanza
holds the 1120-byte KEM encapsulation as its argument and the sealed file key as its body.
An identity is a 32-byte seed, expanded with SHAKE-256 into an ML-KEM-768 seed and an X25519
key, as the hybrid KEM specifies.
"""

from __future__ import annotations

import binascii
import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric import mlkem
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from noomus_desktop.core.crypto import bech32
from noomus_desktop.core.crypto.errors import (
    HeaderError,
    InvalidIdentityError,
    InvalidRecipientError,
)
from noomus_desktop.core.crypto.format import Stanza, b64decode, b64encode
from noomus_desktop.core.crypto.primitives import FILE_KEY_SIZE

RECIPIENT_PREFIX = "age1pq1"
IDENTITY_PREFIX = "AGE-SECRET-KEY-PQ-1"
STANZA_TYPE = "mlkem768x25519"
_RECIPIENT_HRP = "age1pq"
_IDENTITY_HRP = "AGE-SECRET-KEY-PQ-"
_INFO = b"age-encryption.org/mlkem768x25519"
_SEED_SIZE = 32
_MLKEM_PUBLIC_SIZE = 1184
_MLKEM_CIPHERTEXT_SIZE = 1088
_X25519_SIZE = 32
_SUITE = hpke.Suite(hpke.KEM.MLKEM768_X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)
_ENC_SIZE = hpke.KEM.MLKEM768_X25519.enc_length()


class HybridRecipient:
    """An ``age1pq1...`` public key: ML-KEM-768 and X25519 public keys together."""

    __slots__ = ("_public", "_raw")
    #: age's label: a post-quantum recipient shares a file only with other post-quantum ones.
    labels: frozenset[str] = frozenset({"postquantum"})

    def __init__(self, raw: bytes) -> None:
        if len(raw) != _MLKEM_PUBLIC_SIZE + _X25519_SIZE:
            raise InvalidRecipientError("wrong key length")
        try:
            mlkem_key = mlkem.MLKEM768PublicKey.from_public_bytes(raw[:_MLKEM_PUBLIC_SIZE])
        except ValueError:
            raise InvalidRecipientError("invalid ML-KEM key") from None
        x25519_key = X25519PublicKey.from_public_bytes(raw[_MLKEM_PUBLIC_SIZE:])
        self._public = hpke.MLKEM768X25519PublicKey(mlkem_key, x25519_key)
        self._raw = raw

    @classmethod
    def parse(cls, text: str) -> HybridRecipient:
        try:
            hrp, data = bech32.decode(text)
        except bech32.Bech32Error as exc:
            raise InvalidRecipientError(str(exc)) from None
        if hrp != _RECIPIENT_HRP:
            raise InvalidRecipientError("not a post-quantum recipient")
        return cls(data)

    def wrap(self, file_key: bytes) -> list[Stanza]:
        sealed = _SUITE.encrypt(file_key, self._public, info=_INFO)
        enc, body = sealed[:_ENC_SIZE], sealed[_ENC_SIZE:]
        return [Stanza(STANZA_TYPE, (b64encode(enc).decode(),), body)]

    def __str__(self) -> str:
        return bech32.encode(_RECIPIENT_HRP, self._raw)

    def __repr__(self) -> str:
        return f"HybridRecipient({str(self)[:16]}...)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, HybridRecipient) and other._raw == self._raw

    def __hash__(self) -> int:
        return hash(self._raw)


class HybridIdentity:
    """An ``AGE-SECRET-KEY-PQ-1...`` secret seed. Its repr never shows the secret."""

    __slots__ = ("_private", "_recipient", "_seed", "_x25519")

    def __init__(self, seed: bytes) -> None:
        expanded = hashlib.shake_256(seed).digest(64 + _X25519_SIZE)
        mlkem_key = mlkem.MLKEM768PrivateKey.from_seed_bytes(expanded[:64])
        self._x25519 = X25519PrivateKey.from_private_bytes(expanded[64:])
        self._private = hpke.MLKEM768X25519PrivateKey(mlkem_key, self._x25519)
        self._seed = seed
        self._recipient = HybridRecipient(
            mlkem_key.public_key().public_bytes_raw() + self._x25519.public_key().public_bytes_raw()
        )

    @classmethod
    def generate(cls) -> HybridIdentity:
        return cls(os.urandom(_SEED_SIZE))

    @classmethod
    def parse(cls, text: str) -> HybridIdentity:
        try:
            hrp, data = bech32.decode(text)
        except bech32.Bech32Error as exc:
            raise InvalidIdentityError(str(exc)) from None
        if hrp != _IDENTITY_HRP or len(data) != _SEED_SIZE:
            raise InvalidIdentityError("not a post-quantum identity")
        return cls(data)

    def recipient(self) -> HybridRecipient:
        return self._recipient

    def to_string(self) -> str:
        return bech32.encode(_IDENTITY_HRP, self._seed)

    def unwrap(self, stanzas: tuple[Stanza, ...]) -> bytes | None:
        for stanza in stanzas:
            if stanza.type == STANZA_TYPE:
                file_key = self._unwrap_one(stanza)
                if file_key is not None:
                    return file_key
        return None

    def _unwrap_one(self, stanza: Stanza) -> bytes | None:
        if len(stanza.args) != 1:
            raise HeaderError("invalid mlkem768x25519 stanza")
        try:
            enc = b64decode(stanza.args[0].encode())
        except (binascii.Error, ValueError):
            raise HeaderError("invalid mlkem768x25519 encapsulation") from None
        if len(enc) != _ENC_SIZE:
            raise HeaderError("invalid mlkem768x25519 encapsulation")
        if len(stanza.body) != FILE_KEY_SIZE + 16:
            raise HeaderError("invalid mlkem768x25519 stanza body")
        share = X25519PublicKey.from_public_bytes(enc[_MLKEM_CIPHERTEXT_SIZE:])
        try:
            self._x25519.exchange(share)
        except ValueError:
            raise HeaderError("X25519 share is a low-order point") from None
        try:
            return _SUITE.decrypt(enc + stanza.body, self._private, info=_INFO)
        except InvalidTag:
            return None

    def __repr__(self) -> str:
        return "HybridIdentity(<secret>)"
