"""The passphrase (``scrypt``) recipient type of age v1 (``scrypt.go`` in FiloSottile/age).

A stanza is ``-> scrypt <salt> <log2 N>`` whose body is the file key sealed under
scrypt(passphrase, "age-encryption.org/v1/scrypt" || salt, N, r=8, p=1). A passphrase stanza
must be the only stanza of its file, so that a file someone protected with a passphrase
cannot also be opened with a key (``age.py`` and ``keys.py`` enforce that, both ways).

The work factor is chosen by whoever wrote the file, so decryption caps it: the cap bounds
the memory (``128 * r * N`` bytes: 4 GiB at 22) and time a file can make us spend.
"""

from __future__ import annotations

import binascii
import os
import re

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from noomus_desktop.core.crypto.errors import HeaderError, InvalidIdentityError
from noomus_desktop.core.crypto.format import Stanza, b64decode, b64encode
from noomus_desktop.core.crypto.primitives import FILE_KEY_SIZE, aead_decrypt, aead_encrypt

STANZA_TYPE = "scrypt"
_LABEL = b"age-encryption.org/v1/scrypt"
_SALT_SIZE = 16
_R = 8
_P = 1
#: What age writes by default: 256 MiB and about a second here.
DEFAULT_WORK_FACTOR = 18
#: The largest work factor accepted when decrypting, as age: 4 GiB (age says some 15 seconds).
MAX_WORK_FACTOR = 22
#: Beyond any sensible cap (age's own bound): 128 GiB.
_HARD_MAX = 30
#: The spec's only encoding of the work factor: canonical decimal, no sign, no leading zero.
_DECIMAL = re.compile(r"[1-9][0-9]*")


def _wrapping_key(passphrase: bytes, salt: bytes, log_n: int) -> bytes:
    kdf = Scrypt(salt=_LABEL + salt, length=32, n=1 << log_n, r=_R, p=_P)
    return kdf.derive(passphrase)


def _check_passphrase(passphrase: str) -> bytes:
    if not passphrase:
        raise InvalidIdentityError("the passphrase is empty")
    return passphrase.encode()


class ScryptRecipient:
    """A passphrase to encrypt to. Its ``str`` and repr never show the passphrase."""

    __slots__ = ("_passphrase", "_work_factor", "labels")

    def __init__(self, passphrase: str, *, work_factor: int = DEFAULT_WORK_FACTOR) -> None:
        if not 1 <= work_factor <= MAX_WORK_FACTOR:
            raise ValueError(f"the work factor must be 1 to {MAX_WORK_FACTOR}")
        self._passphrase = _check_passphrase(passphrase)
        self._work_factor = work_factor
        #: A label no other recipient has: a passphrase never shares its file (age's rule).
        self.labels = frozenset({f"scrypt-{os.urandom(16).hex()}"})

    def wrap(self, file_key: bytes) -> list[Stanza]:
        salt = os.urandom(_SALT_SIZE)
        key = _wrapping_key(self._passphrase, salt, self._work_factor)
        args = (b64encode(salt).decode(), str(self._work_factor))
        return [Stanza(STANZA_TYPE, args, aead_encrypt(key, file_key))]

    def __str__(self) -> str:
        return "<passphrase>"

    def __repr__(self) -> str:
        return f"ScryptRecipient(work_factor={self._work_factor})"


class ScryptIdentity:
    """A passphrase to decrypt with; files demanding more than ``max_work_factor`` are
    refused (:class:`HeaderError`) before any work. Its repr never shows the passphrase."""

    __slots__ = ("_max_work_factor", "_passphrase")

    def __init__(self, passphrase: str, *, max_work_factor: int = MAX_WORK_FACTOR) -> None:
        if not 1 <= max_work_factor <= _HARD_MAX:
            raise ValueError(f"the maximum work factor must be 1 to {_HARD_MAX}")
        self._passphrase = _check_passphrase(passphrase)
        self._max_work_factor = max_work_factor

    def unwrap(self, stanzas: tuple[Stanza, ...]) -> bytes | None:
        # That a passphrase stanza is alone is checked for every identity (age.py).
        for stanza in stanzas:
            if stanza.type == STANZA_TYPE:
                return self._unwrap_one(stanza)
        return None

    def _unwrap_one(self, stanza: Stanza) -> bytes | None:
        if len(stanza.args) != 2:
            raise HeaderError("invalid scrypt stanza")
        try:
            salt = b64decode(stanza.args[0].encode())
        except (binascii.Error, ValueError):
            raise HeaderError("invalid scrypt salt") from None
        if len(salt) != _SALT_SIZE:
            raise HeaderError("invalid scrypt salt")
        if not _DECIMAL.fullmatch(stanza.args[1]):
            raise HeaderError("invalid scrypt work factor")
        # Two digits at most reach int(): a long string is too high anyway, and costly to parse.
        if len(stanza.args[1]) > 2 or int(stanza.args[1]) > self._max_work_factor:
            raise HeaderError("the scrypt work factor is too high")
        if len(stanza.body) != FILE_KEY_SIZE + 16:
            raise HeaderError("invalid scrypt stanza body")
        key = _wrapping_key(self._passphrase, salt, int(stanza.args[1]))
        try:
            return aead_decrypt(key, stanza.body)
        except InvalidTag:
            return None

    def __repr__(self) -> str:
        return "ScryptIdentity(<passphrase>)"
