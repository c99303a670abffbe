"""Encrypted file metadata: the name, place and fingerprint of a sent file, as a tiny age file.

It travels in a tus ``Upload-Metadata`` value, so the server never sees file names. The
JSON is compact with one-letter keys, about 350 bytes encrypted to one recipient (under
500 once base64-encoded). ``mtime_ns`` is the modification time in integer nanoseconds
since the epoch, exactly as ``os.stat`` gives it, so nothing is lost to float rounding.

``relative_path`` is the file's path inside the dropped folder, ``/``-separated, ending in
``name`` (just ``name`` for a file dropped on its own). Both are validated on encryption and
on decryption: a name is one path component, a relative path never escapes its folder.

Names are carried faithfully: anything a file system allows in a name (newlines, tabs,
backslashes, a drive-like ``C:``, bytes that are not UTF-8) is the customer's file and must be
sendable. Making a name safe for the machine it is restored on is the restorer's job
(``noomus_desktop/staff/names.py``), since only it knows that machine. (The desktop's scan reports
names that are not UTF-8 instead of queueing them, ``core/scan.py``: its transfer store keeps
text; this module still carries such names for other callers.)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from noomus_desktop.core.crypto.age import decrypt_bytes, encrypt_bytes
from noomus_desktop.core.crypto.errors import InvalidMetadataError
from noomus_desktop.core.crypto.keys import Identities, Recipients

_VERSION = 1
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
#: The only characters no file system allows in a name component.
_FORBIDDEN = frozenset("/\x00")
#: Far above any real document; refuses to parse anything bigger.
_MAX_ENCRYPTED = 64 * 1024


def _check_component(part: str) -> None:
    if not part or part in {".", ".."} or _FORBIDDEN.intersection(part):
        raise InvalidMetadataError("unsafe file name")


@dataclass(frozen=True)
class FileMetadata:
    """What the recipient needs to restore a file: its name, place and fingerprint."""

    name: str
    relative_path: str
    size: int
    mtime_ns: int
    sha256: str
    #: The binding to the payload (absent in metadata of older releases): the hex MAC of the
    #: delivery's age header (unique to its file key) and the delivery's ciphertext length.
    #: Staff refuse the name when these or ``size``/``sha256`` differ from the delivery.
    header_mac: str | None = None
    ciphertext_size: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not isinstance(self.relative_path, str):
            raise InvalidMetadataError("name and path must be text")
        _check_component(self.name)
        parts = self.relative_path.split("/")
        for part in parts:
            _check_component(part)
        if parts[-1] != self.name:
            raise InvalidMetadataError("path does not end with the file name")
        for value in (self.size, self.mtime_ns):
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise InvalidMetadataError("size and time must be non-negative integers")
        if not isinstance(self.sha256, str) or not _SHA256_HEX.fullmatch(self.sha256):
            raise InvalidMetadataError("malformed SHA-256")
        if self.header_mac is not None and not (
            isinstance(self.header_mac, str) and _SHA256_HEX.fullmatch(self.header_mac)
        ):
            raise InvalidMetadataError("malformed header binding")
        if self.ciphertext_size is not None and (
            not isinstance(self.ciphertext_size, int)
            or isinstance(self.ciphertext_size, bool)
            or self.ciphertext_size < 0
        ):
            raise InvalidMetadataError("malformed ciphertext size")

    def to_json(self) -> bytes:
        """Compact UTF-8 JSON. A name that is not valid UTF-8 on disk reaches Python as lone
        surrogates (``os.fsdecode``); ``backslashreplace`` writes each as ``\\udcXX``, which
        is exactly JSON's escape for it, so it survives the round trip."""
        document = {
            "v": _VERSION,
            "n": self.name,
            "p": self.relative_path,
            "s": self.size,
            "m": self.mtime_ns,
            "h": self.sha256,
        }
        if self.header_mac is not None:
            document["b"] = self.header_mac
        if self.ciphertext_size is not None:
            document["c"] = self.ciphertext_size
        text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        return text.encode("utf-8", "backslashreplace")

    @classmethod
    def from_json(cls, data: bytes) -> FileMetadata:
        try:
            document = json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise InvalidMetadataError("not JSON") from None
        if not isinstance(document, dict) or document.get("v") != _VERSION:
            raise InvalidMetadataError("unknown format")
        try:
            return cls(
                name=document["n"],
                relative_path=document["p"],
                size=document["s"],
                mtime_ns=document["m"],
                sha256=document["h"],
                header_mac=document.get("b"),
                ciphertext_size=document.get("c"),
            )
        except KeyError:
            raise InvalidMetadataError("missing field") from None


def encrypt_metadata(meta: FileMetadata, recipients: Recipients) -> bytes:
    """The metadata as an age file encrypted to ``recipients``."""
    return encrypt_bytes(meta.to_json(), recipients)


def decrypt_metadata(data: bytes, identities: Identities) -> FileMetadata:
    """Decrypt and validate metadata made by :func:`encrypt_metadata`."""
    if len(data) > _MAX_ENCRYPTED:
        raise InvalidMetadataError("too large")
    return FileMetadata.from_json(decrypt_bytes(data, identities))
