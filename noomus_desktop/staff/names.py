"""Safe names for what a customer sent: the original name and folder, made safe to create on
the machine a delivery is restored on.

The metadata carries the customer's names faithfully, whatever their file system allowed
(newlines, backslashes, bytes that are not UTF-8...). Here they are made safe for this
machine: every character that is a separator, a control character or undecodable becomes
``_``, Windows' own rules apply on Windows, and a component is cut to 255 bytes keeping its
extension. A hostile sender controls the metadata, so whatever it says, :func:`inside` keeps
every path within the output folder.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from noomus_desktop.staff.errors import StaffError

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


def inside(out_dir: Path, folders: list[str]) -> Path:
    """The folder for the file, resolved; refused unless it is ``out_dir`` or below it.

    Safe names hold no separator and metadata refuses ``..``, so only a symbolic link
    already in ``out_dir`` could lead out: this check stands whatever the names say.
    """
    root = out_dir.resolve()
    folder = root.joinpath(*folders).resolve()
    if not folder.is_relative_to(root):
        raise StaffError("The delivery's file name would escape the output folder; refused.")
    return folder
