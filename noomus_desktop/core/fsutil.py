"""One durable, atomic way to replace a small file: settings, recipient pins, encryption plans.

A reader (this run, the next one, or the one after a power cut) sees the old content or the
new, never a mix and never an empty file. The order matters and is the whole point:

1. write a temporary file in the target's folder (same file system, so the rename is atomic),
   created exclusively so nothing already there (a stale file, a symlink) is reused;
2. flush and fsync it, so its bytes are on the disk *before* any name points at them
   (skipping this is how a power cut after the rename leaves a zero-length file);
3. rename it over the target;
4. fsync the folder, so the rename itself survives a power cut.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

#: Binary mode on Windows (no newline translation); 0 elsewhere.
_O_BINARY: int = getattr(os, "O_BINARY", 0)


def write_durably(target: Path, data: bytes, *, private: bool) -> None:
    """Replace ``target`` with ``data`` atomically and durably (see the module's docstring).

    ``private``: readable by the user alone (0600) whatever the umask; otherwise the mode
    the umask gives a new file, as a plain ``open(..., "w")`` would.
    """
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(8)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY
    fd = os.open(temporary, flags, 0o600 if private else 0o666)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        temporary.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    _sync_directory(target.parent)


def remove_leftovers(folder: Path) -> int:
    """Delete the temporary files that a crash left between steps 1 and 3 in ``folder``.

    They are never read (a reader only opens the target's name), but a plan's holds a
    transfer's secret key: it must not outlive the crash. Returns how many were removed.
    """
    removed = 0
    for leftover in folder.glob(".*.tmp"):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
            removed += 1
    return removed


def write_json(target: Path, data: Any, *, private: bool) -> None:
    """:func:`write_durably` of ``data`` as indented, key-sorted JSON (stable, diffable)."""
    text = json.dumps(data, indent=2, sort_keys=True) + "\n"
    write_durably(target, text.encode("utf-8"), private=private)


def _sync_directory(path: Path) -> None:
    """Make a rename in ``path`` survive a power cut.

    POSIX only: Windows cannot open a folder with ``os.open`` to fsync it, so there the
    rename is as durable as the file system makes it on its own.
    """
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Hasher(Protocol):
    """What a file's digest needs of a hash object (hashlib's and blake3's)."""

    def update(self, data: bytes | bytearray | memoryview, /) -> object: ...

    def hexdigest(self) -> str: ...


def file_hexdigest(path: Path, new: Callable[[], Hasher] = hashlib.sha256) -> str:
    """The digest (hex) of a file's content by ``new``'s algorithm, read in 1 MiB blocks
    (bounded memory)."""
    digest = new()
    with path.open("rb") as file:
        while block := file.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def sha256_file(path: Path) -> str:
    """The SHA-256 (hex) of a file's content."""
    return file_hexdigest(path, hashlib.sha256)
