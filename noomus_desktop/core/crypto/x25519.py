"""The X25519 recipient type of age v1 (``x25519.go`` in FiloSottile/age).

A stanza is ``-> X25519 <ephemeral share>`` whose body is the file key sealed under
HKDF(shared secret, salt = share || recipient, "age-encryption.org/v1/X25519").
"""

from __future__ import annotations

import binascii

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from noomus_desktop.core.crypto import bech32
from noomus_desktop.core.crypto.errors import (
    HeaderError,
    InvalidIdentityError,
    InvalidRecipientError,
)
from noomus_desktop.core.crypto.format import Stanza, b64decode, b64encode
from noomus_desktop.core.crypto.primitives import (
    FILE_KEY_SIZE,
    aead_decrypt,
    aead_encrypt,
    hkdf_sha256,
)

RECIPIENT_PREFIX = "age1"
IDENTITY_PREFIX = "AGE-SECRET-KEY-1"
STANZA_TYPE = "X25519"
_RECIPIENT_HRP = "age"
_IDENTITY_HRP = "AGE-SECRET-KEY-"
_KEY_SIZE = 32
_INFO = b"age-encryption.org/v1/X25519"


def _wrapping_key(shared: bytes, share: bytes, recipient: bytes) -> bytes:
    return hkdf_sha256(shared, share + recipient, _INFO)


class X25519Recipient:
    """An ``age1...`` public key."""

    __slots__ = ("_public",)
    #: Classic: no label.
    labels: frozenset[str] = frozenset()

    def __init__(self, public: bytes) -> None:
        if len(public) != _KEY_SIZE:
            raise InvalidRecipientError("wrong key length")
        self._public = public

    @classmethod
    def parse(cls, text: str) -> X25519Recipient:
        try:
            hrp, data = bech32.decode(text)
        except bech32.Bech32Error as exc:
            raise InvalidRecipientError(str(exc)) from None
        if hrp != _RECIPIENT_HRP:
            raise InvalidRecipientError("not an X25519 recipient")
        return cls(data)

    def wrap(self, file_key: bytes) -> list[Stanza]:
        ephemeral = X25519PrivateKey.generate()
        share = ephemeral.public_key().public_bytes_raw()
        try:
            shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(self._public))
        except ValueError:
            raise InvalidRecipientError("the key is a low-order point") from None
        body = aead_encrypt(_wrapping_key(shared, share, self._public), file_key)
        return [Stanza(STANZA_TYPE, (b64encode(share).decode(),), body)]

    def __str__(self) -> str:
        return bech32.encode(_RECIPIENT_HRP, self._public)

    def __repr__(self) -> str:
        return f"X25519Recipient({self})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, X25519Recipient) and other._public == self._public

    def __hash__(self) -> int:
        return hash(self._public)


class X25519Identity:
    """An ``AGE-SECRET-KEY-1...`` secret key. Its repr never shows the secret."""

    __slots__ = ("_private", "_public")

    def __init__(self, private: X25519PrivateKey) -> None:
        self._private = private
        self._public = private.public_key().public_bytes_raw()

    @classmethod
    def generate(cls) -> X25519Identity:
        return cls(X25519PrivateKey.generate())

    @classmethod
    def parse(cls, text: str) -> X25519Identity:
        try:
            hrp, data = bech32.decode(text)
        except bech32.Bech32Error as exc:
            raise InvalidIdentityError(str(exc)) from None
        if hrp != _IDENTITY_HRP or len(data) != _KEY_SIZE:
            raise InvalidIdentityError("not an X25519 identity")
        return cls(X25519PrivateKey.from_private_bytes(data))

    def recipient(self) -> X25519Recipient:
        return X25519Recipient(self._public)

    def to_string(self) -> str:
        return bech32.encode(_IDENTITY_HRP, self._private.private_bytes_raw())

    def unwrap(self, stanzas: tuple[Stanza, ...]) -> bytes | None:
        for stanza in stanzas:
            if stanza.type == STANZA_TYPE:
                file_key = self._unwrap_one(stanza)
                if file_key is not None:
                    return file_key
        return None

    def _unwrap_one(self, stanza: Stanza) -> bytes | None:
        if len(stanza.args) != 1:
            raise HeaderError("invalid X25519 stanza")
        try:
            share = b64decode(stanza.args[0].encode())
        except (binascii.Error, ValueError):
            raise HeaderError("invalid X25519 stanza share") from None
        if len(share) != _KEY_SIZE:
            raise HeaderError("invalid X25519 stanza share")
        if len(stanza.body) != FILE_KEY_SIZE + 16:
            raise HeaderError("invalid X25519 stanza body")
        try:
            shared = self._private.exchange(X25519PublicKey.from_public_bytes(share))
        except ValueError:
            raise HeaderError("X25519 share is a low-order point") from None
        try:
            return aead_decrypt(_wrapping_key(shared, share, self._public), stanza.body)
        except InvalidTag:
            return None

    def __repr__(self) -> str:
        return f"X25519Identity(recipient={self.recipient()})"
