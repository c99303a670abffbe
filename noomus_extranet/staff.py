"""Staff side of a delivery: decrypt it with an identity kept off the server and restore the
original name and folder from the encrypted ``noomus-meta`` metadata.

The metadata carries the customer's names faithfully, whatever their file system allowed
(newlines, backslashes, bytes that are not UTF-8...). Here they are made safe for the machine
they are restored on: every character that is a separator, a control character or undecodable
becomes ``_``, Windows' own rules apply on Windows, a component is cut to 255 bytes keeping
its extension, and an existing file is never overwritten (``name (2).ext`` instead). A hostile
sender controls the metadata, so whatever it says, nothing is written outside the output folder.

Anyone holding the public recipient can write metadata, and a compromised server can swap it
between deliveries: the names are restored only if the metadata matches the delivery it came
with (:func:`mismatch`: size and SHA-256 of the decrypted file, and, when the metadata carries
it, the age header's MAC and the ciphertext length). Otherwise the file is written under its
neutral name and the refusal says why.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import sqlite3
import unicodedata
from pathlib import Path

from noomus_desktop.core.crypto import (
    CryptoError,
    FileMetadata,
    decrypt_file,
    decrypt_metadata,
    decrypt_stream,
)
from noomus_desktop.core.crypto.format import read_header
from noomus_extranet.admin import AdminError
from noomus_extranet.storage import Storage, sha256_file
from noomus_extranet.tus.headers import metadata_value

META_KEY = "noomus-meta"
#: Delivery format 2: the manifest the client sent after the data (``docs/api.md``).
MANIFEST_KEY = "noomus-manifest"
ON_WINDOWS = os.name == "nt"
#: The visible stand-in for a character that cannot be in a restored name.
SUBSTITUTE = "_"
#: The name length limit of ext4, APFS, NTFS (in UTF-16 units, never more than UTF-8 bytes).
MAX_NAME_BYTES = 255
#: A longer "extension" is just part of the name: it is not kept whole when cutting.
_MAX_EXTENSION_BYTES = 32
#: Control characters (C0, DEL, C1) and lone surrogates (undecodable bytes in the name).
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cs"})
_WINDOWS_FORBIDDEN = frozenset('<>:"|?*')
_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{device}{n}" for device in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")}
)


def _is_unsafe(char: str, windows: bool) -> bool:
    return (
        char == "\\"
        or unicodedata.category(char) in _UNSAFE_CATEGORIES
        or (windows and char in _WINDOWS_FORBIDDEN)
    )


def _split_extension(name: str) -> tuple[str, str]:
    dot = name.rfind(".")
    if not 0 < dot < len(name) - 1 or len(name[dot:].encode()) > _MAX_EXTENSION_BYTES:
        return name, ""
    return name[:dot], name[dot:]


def _cut(text: str, limit: int) -> str:
    """The longest prefix of ``text`` within ``limit`` UTF-8 bytes (never half a character)."""
    return text.encode()[:limit].decode(errors="ignore")


def safe_name(name: str, copy: int = 1, *, windows: bool = ON_WINDOWS) -> str:
    """``name`` (one component, as :class:`FileMetadata` validates it) made safe to create.

    ``copy`` > 1 gives the name of that copy, ``stem (copy).ext``, for when the name is taken.
    """
    cleaned = "".join(SUBSTITUTE if _is_unsafe(c, windows) else c for c in name)
    stem, extension = _split_extension(cleaned)
    if windows and stem.split(".")[0].rstrip(" ").upper() in _WINDOWS_RESERVED:
        stem = SUBSTITUTE + stem
    tag = f" ({copy})" if copy > 1 else ""
    safe = _cut(stem, MAX_NAME_BYTES - len(f"{tag}{extension}".encode())) + tag + extension
    if windows:  # Windows drops trailing dots and spaces: keep them visible instead
        kept = safe.rstrip(". ")
        safe = kept + SUBSTITUTE * (len(safe) - len(kept))
    return safe


def decrypt_delivery(
    delivery: sqlite3.Row, storage: Storage, identity_text: str, out_dir: Path
) -> Path:
    """Write the plaintext under ``out_dir`` at its safe path; returns that path.

    Without metadata the file is ``delivery-<id>.bin``. A path that would land outside
    ``out_dir`` is refused. Metadata that does not match the delivery is refused: the file
    is written as ``delivery-<id>.bin`` and ``AdminError`` says why.
    """
    source = storage.inbox / delivery["path"]
    neutral = f"delivery-{delivery['id']}.bin"
    parts = [neutral]
    encrypted_meta = metadata_value(delivery["metadata"], MANIFEST_KEY) or metadata_value(
        delivery["metadata"], META_KEY
    )
    try:
        refused = None
        if encrypted_meta:
            meta = decrypt_metadata(encrypted_meta, identity_text)
            refused = mismatch(meta, source, identity_text)
            if refused is None:
                parts = meta.relative_path.split("/")
        folder = _inside(out_dir, [safe_name(part) for part in parts[:-1]])
        folder.mkdir(parents=True, exist_ok=True)
        written = _decrypt_beside_others(source, folder, parts[-1], identity_text)
    except CryptoError as exc:
        raise AdminError(f"Cannot decrypt delivery {delivery['id']}: {exc}") from exc
    except OSError as exc:
        raise AdminError(f"Cannot write under {out_dir}: {exc.strerror}") from exc
    if refused is not None:
        raise AdminError(
            f"Delivery {delivery['id']}: its file name was refused because its metadata does"
            f" not match the delivery ({refused}); the file was written as {written}."
        )
    return written


def mismatch(meta: FileMetadata, source: Path, identity_text: str) -> str | None:
    """Why ``meta`` does not describe the delivery stored at ``source``, or ``None``.

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
    digest = _Hashing()
    with source.open("rb") as file:
        decrypt_stream(file, digest, identity_text)
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


def _decrypt_beside_others(source: Path, folder: Path, name: str, identity_text: str) -> Path:
    """Decrypt to the first free copy name: ``name``, ``name (2)``... Taking a name is atomic,
    so a file that appears meanwhile (another staff member, a second delivery of the same
    file) is never overwritten."""
    copy = 1
    while True:
        target = folder / safe_name(name, copy)
        try:
            decrypt_file(source, target, identity_text, overwrite=False)
        except FileExistsError:
            copy += 1
        else:
            return target


def _inside(out_dir: Path, folders: list[str]) -> Path:
    """The folder for the file, resolved; refused unless it is ``out_dir`` or below it.

    Safe names hold no separator and metadata refuses ``..``, so only a symbolic link
    already in ``out_dir`` could lead out: this check stands whatever the names say.
    """
    root = out_dir.resolve()
    folder = root.joinpath(*folders).resolve()
    if not folder.is_relative_to(root):
        raise AdminError("The delivery's file name would escape the output folder; refused.")
    return folder
