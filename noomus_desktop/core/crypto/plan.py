"""The secret state of one encryption: file key, header and payload nonce.

An age encryption is random only through these three; fixing them makes the whole
ciphertext a deterministic function of the plaintext. That is what lets a resumed upload
regenerate any byte range (:mod:`view`) instead of keeping an encrypted copy.
"""

from __future__ import annotations

import hmac
import io
import os

from noomus_desktop.core.crypto.errors import CryptoError, InvalidPlanError
from noomus_desktop.core.crypto.format import Header, header_without_mac, read_header
from noomus_desktop.core.crypto.ioutil import Readable, Writable
from noomus_desktop.core.crypto.keys import Recipients, to_recipients
from noomus_desktop.core.crypto.primitives import FILE_KEY_SIZE, header_mac
from noomus_desktop.core.crypto.stream import (
    NONCE_SIZE,
    TAG_SIZE,
    ChunkSealer,
    encrypt_payload,
    payload_size,
)

_VERSION = 1
_FIXED = 1 + FILE_KEY_SIZE + NONCE_SIZE
#: A plan stored with the tags of the chunks sent under it (:meth:`EncryptionPlan.to_record`).
_RECORD_VERSION = 2
#: The same, for an upload of delivery format 2 (streamed, described by a manifest after its
#: data): its tags are stored as chunks are sealed, each before any of its bytes is sent.
_STREAMED_RECORD_VERSION = 3
_LENGTH_SIZE = 4


def ciphertext_size(plaintext_size: int, header_size: int) -> int:
    """Size of the age file of a ``plaintext_size``-byte plaintext under a given header."""
    if plaintext_size < 0:
        raise ValueError("plaintext size cannot be negative")
    return header_size + NONCE_SIZE + payload_size(plaintext_size)


class EncryptionPlan:
    """File key, header and payload nonce of one encryption. Never printed or logged."""

    __slots__ = ("_file_key", "_header", "_nonce")

    def __init__(self, file_key: bytes, header: Header, nonce: bytes) -> None:
        self._file_key = file_key
        self._header = header
        self._nonce = nonce

    @classmethod
    def create(cls, recipients: Recipients) -> EncryptionPlan:
        """A fresh plan: random file key and nonce, the key wrapped to every recipient."""
        file_key = os.urandom(FILE_KEY_SIZE)
        stanzas = tuple(s for r in to_recipients(recipients) for s in r.wrap(file_key))
        authenticated = header_without_mac(stanzas)
        header = Header(stanzas, header_mac(file_key, authenticated), authenticated)
        return cls(file_key, header, os.urandom(NONCE_SIZE))

    def to_bytes(self) -> bytes:
        """Versioned serialisation: version, file key, nonce, then the header. Secret."""
        return bytes([_VERSION]) + self._file_key + self._nonce + self._header.encoded

    @classmethod
    def from_bytes(cls, data: bytes) -> EncryptionPlan:
        """Inverse of :meth:`to_bytes`; checks the header MAC against the file key."""
        if len(data) <= _FIXED or data[0] != _VERSION:
            raise InvalidPlanError("unknown format")
        file_key = data[1 : 1 + FILE_KEY_SIZE]
        nonce = data[1 + FILE_KEY_SIZE : _FIXED]
        try:
            header, rest = read_header(io.BytesIO(data[_FIXED:]))
        except CryptoError:
            raise InvalidPlanError("damaged header") from None
        if rest or not hmac.compare_digest(header.mac, header_mac(file_key, header.authenticated)):
            raise InvalidPlanError("damaged header")
        return cls(file_key, header, nonce)

    def to_record(self, tags: bytes, *, streamed: bool = False) -> bytes:
        """What a transfer stores: this plan and the 16-byte Poly1305 tag of each chunk of
        the plaintext it encrypts, known before any of its ciphertext is sent. A resumed
        upload re-sends a chunk only if sealing it again reproduces its stored tag, so no
        (file key, nonce, counter) ever carries two ciphertexts (``docs/crypto.md``)."""
        if len(tags) % TAG_SIZE:
            raise ValueError("tags come in whole 16-byte units")
        serial = self.to_bytes()
        version = _STREAMED_RECORD_VERSION if streamed else _RECORD_VERSION
        return bytes([version]) + len(serial).to_bytes(_LENGTH_SIZE, "big") + serial + tags

    @classmethod
    def from_record(cls, data: bytes) -> tuple[EncryptionPlan, bytes]:
        """Inverse of :meth:`to_record`. A bare plan (what releases before tags were kept
        stored) reads as a plan with no tags: nothing sent under it can be proven."""
        if data[:1] == bytes([_VERSION]):
            return cls.from_bytes(data), b""
        head = 1 + _LENGTH_SIZE
        if len(data) < head or data[0] not in (_RECORD_VERSION, _STREAMED_RECORD_VERSION):
            raise InvalidPlanError("unknown format")
        end = head + int.from_bytes(data[1:head], "big")
        tags = data[end:]
        if end > len(data) or len(tags) % TAG_SIZE:
            raise InvalidPlanError("damaged record")
        return cls.from_bytes(data[head:end]), tags

    @staticmethod
    def is_streamed_record(data: bytes) -> bool:
        """Whether a record (:meth:`to_record`) is of a streamed, format-2 upload."""
        return data[:1] == bytes([_STREAMED_RECORD_VERSION])

    @property
    def prefix(self) -> bytes:
        """What precedes the payload in the file: the header and the payload nonce."""
        return self._header.encoded + self._nonce

    @property
    def header_mac(self) -> bytes:
        """The header's MAC: public, keyed by the file key, so it names this encryption
        (the binding the file metadata carries to its payload)."""
        return self._header.mac

    @property
    def header_size(self) -> int:
        return len(self._header.encoded)

    @property
    def file_key(self) -> bytes:
        return self._file_key

    @property
    def nonce(self) -> bytes:
        return self._nonce

    def ciphertext_size(self, plaintext_size: int) -> int:
        return ciphertext_size(plaintext_size, self.header_size)

    def encrypt(self, reader: Readable, writer: Writable) -> None:
        """Write the whole age file of ``reader``'s content under this plan."""
        writer.write(memoryview(self.prefix))
        encrypt_payload(self._file_key, self._nonce, reader, writer)

    def seal(self, plaintext: bytes) -> bytes:
        """The whole age file of a small in-memory plaintext (a manifest), sealed into one
        buffer of its exact size: :meth:`encrypt`'s streaming buffers (2 MiB, zeroed)
        cost more than the sealing for every small file sent. Once per plan, like
        :meth:`encrypt`: a plan's key and nonce seal one plaintext."""
        out = bytearray(self.ciphertext_size(len(plaintext)))
        prefix = len(self.prefix)
        out[:prefix] = self.prefix
        sealer = ChunkSealer(self._file_key, self._nonce)
        sealer.seal_batch(0, True, memoryview(plaintext), memoryview(out)[prefix:])
        return bytes(out)

    def __repr__(self) -> str:
        return f"<EncryptionPlan header_size={self.header_size}>"
