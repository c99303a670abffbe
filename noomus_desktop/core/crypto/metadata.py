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
#: The manifest sent after the data (delivery format 2): bound to the payload, padded.
MANIFEST_VERSION = 2
#: A manifest whose ciphertext binding is BLAKE3 (``y``) instead of SHA-256 (``x``): what the
#: client sends to a plain tus server. Its own version, so that a staff tool that knows only
#: ``x`` says "unknown format" instead of "no binding" (``docs/crypto.md``).
BLAKE3_MANIFEST_VERSION = 3
#: Plaintext sizes a manifest is padded to (with JSON whitespace): its encrypted length then
#: says only which bucket the name fell in, not the name's length. The last one keeps the
#: encrypted manifest within the 64 KiB the server accepts.
MANIFEST_BUCKETS = (1024, 4096, 16384, 49152)
#: The key of the ciphertext binding each version requires ("" for none, format 1).
_BINDINGS = {_VERSION: "", MANIFEST_VERSION: "x", BLAKE3_MANIFEST_VERSION: "y"}
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
#: The only characters no file system allows in a name component.
_FORBIDDEN = frozenset("/\x00")
#: Far above any real document; refuses to parse anything bigger.
_MAX_ENCRYPTED = 64 * 1024


def _check_component(part: str) -> None:
    if not part or part in {".", ".."} or _FORBIDDEN.intersection(part):
        raise InvalidMetadataError("unsafe file name")


def _is_hex(value: object) -> bool:
    """Whether ``value`` is a SHA-256-sized lowercase hex string."""
    return isinstance(value, str) and _SHA256_HEX.fullmatch(value) is not None


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
    #: Format 2 only (the manifest): SHA-256 of the whole stored ciphertext, hex.
    ciphertext_sha256: str | None = None
    #: Instead of ``ciphertext_sha256`` (never with it): BLAKE3 of the whole stored
    #: ciphertext, hex; the binding of a manifest sent to a plain tus server.
    ciphertext_blake3: str | None = None

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
        if not _is_hex(self.sha256):
            raise InvalidMetadataError("malformed SHA-256")
        if self.header_mac is not None and not _is_hex(self.header_mac):
            raise InvalidMetadataError("malformed header binding")
        if self.ciphertext_size is not None and (
            not isinstance(self.ciphertext_size, int)
            or isinstance(self.ciphertext_size, bool)
            or self.ciphertext_size < 0
        ):
            raise InvalidMetadataError("malformed ciphertext size")
        if self.ciphertext_sha256 is not None and not _is_hex(self.ciphertext_sha256):
            raise InvalidMetadataError("malformed ciphertext SHA-256")
        if self.ciphertext_blake3 is not None:
            if not _is_hex(self.ciphertext_blake3):
                raise InvalidMetadataError("malformed ciphertext BLAKE3")
            if self.ciphertext_sha256 is not None:
                raise InvalidMetadataError("a manifest carries one ciphertext binding, not two")

    @property
    def is_manifest(self) -> bool:
        """Whether this is a format-2 manifest (fully bound to its payload)."""
        return self.ciphertext_sha256 is not None or self.ciphertext_blake3 is not None

    @property
    def _version(self) -> int:
        if self.ciphertext_blake3 is not None:
            return BLAKE3_MANIFEST_VERSION
        return MANIFEST_VERSION if self.is_manifest else _VERSION

    def to_json(self) -> bytes:
        """Compact UTF-8 JSON. A name that is not valid UTF-8 on disk reaches Python as lone
        surrogates (``os.fsdecode``); ``backslashreplace`` writes each as ``\\udcXX``, which
        is exactly JSON's escape for it, so it survives the round trip."""
        document: dict[str, object] = {
            "v": self._version,
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
        if self.ciphertext_sha256 is not None:
            document["x"] = self.ciphertext_sha256
        if self.ciphertext_blake3 is not None:
            document["y"] = self.ciphertext_blake3
        text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        return text.encode("utf-8", "backslashreplace")

    @classmethod
    def from_json(cls, data: bytes) -> FileMetadata:
        try:
            document = json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise InvalidMetadataError("not JSON") from None
        # An exact int: a list or an object is not hashable (a TypeError would escape the
        # callers, which catch InvalidMetadataError), and ``true`` or ``3.0`` are no versions.
        version = document.get("v") if isinstance(document, dict) else None
        if type(version) is not int or version not in _BINDINGS:
            raise InvalidMetadataError("unknown format")
        binding = _BINDINGS[version]
        if binding and not all(isinstance(document.get(k), str | int) for k in "bc" + binding):
            raise InvalidMetadataError("a manifest must carry its binding to the payload")
        if any(k in document for k in "xy" if k != binding):
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
                ciphertext_sha256=document.get("x"),
                ciphertext_blake3=document.get("y"),
            )
        except KeyError:
            raise InvalidMetadataError("missing field") from None


def encrypt_metadata(meta: FileMetadata, recipients: Recipients) -> bytes:
    """The metadata as an age file encrypted to ``recipients``."""
    return encrypt_bytes(meta.to_json(), recipients)


def padded(json_text: bytes) -> bytes:
    """``json_text`` followed by spaces up to the smallest bucket that holds it (JSON allows
    trailing whitespace, so any JSON reader still parses it)."""
    for bucket in MANIFEST_BUCKETS:
        if len(json_text) <= bucket:
            return json_text + b" " * (bucket - len(json_text))
    raise InvalidMetadataError("the file's name and path are too long")


def encrypt_manifest(meta: FileMetadata, recipients: Recipients, *, armor: bool = False) -> bytes:
    """The format-2 manifest as an age file encrypted to ``recipients``, its plaintext padded
    to a bucket: two names of different lengths in one bucket give files of one size.

    ``armor``: in age's ASCII armor (the same age file as text), for a plain tus server's
    creation metadata, which @tus/server keeps as UTF-8 text and would mangle as binary."""
    if not meta.is_manifest or meta.header_mac is None or meta.ciphertext_size is None:
        raise InvalidMetadataError("a manifest must carry its binding to the payload")
    return encrypt_bytes(padded(meta.to_json()), recipients, armor=armor)


def decrypt_metadata(data: bytes, identities: Identities) -> FileMetadata:
    """Decrypt and validate metadata made by :func:`encrypt_metadata`."""
    if len(data) > _MAX_ENCRYPTED:
        raise InvalidMetadataError("too large")
    return FileMetadata.from_json(decrypt_bytes(data, identities))
