"""One durable, atomic way to replace a small file: settings, recipient pins, encryption plans.

A reader (this run, the next one, or the one after a power cut) sees the old content or the
new, never a mix and never an empty file. The order matters and is the whole point:

1. write a temporary file in the target's folder (same file system, so the rename is atomic),
   created exclusively so nothing already there (a stale file, a symlink) is reused;
2. flush and fsync it, so its bytes are on the disk *before* any name points at them
   (skipping this is how a power cut after the rename leaves a zero-length file);
3. rename it over the target;
4. fsync the folder, so the rename itself survives a power cut.

Several processes of the app share a folder (the window and ``noomus-upload``, two
``noomus-upload`` at once), and one of them opening it removes what a crash left between
steps 1 and 3. A temporary still being written is not a leftover: its writer holds it (an
``flock`` on POSIX; on Windows the open file itself, which nobody can delete meanwhile), and
:func:`remove_leftovers` passes over what is held.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import secrets
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

#: Binary mode on Windows (no newline translation); 0 elsewhere.
_O_BINARY: int = getattr(os, "O_BINARY", 0)
_O_NOFOLLOW: int = getattr(os, "O_NOFOLLOW", 0)


def write_durably(target: Path, data: bytes, *, private: bool) -> None:
    """Replace ``target`` with ``data`` atomically and durably (see the module's docstring).

    ``private``: readable by the user alone (0600) whatever the umask; otherwise the mode
    the umask gives a new file, as a plain ``open(..., "w")`` would.
    """
    for _ in range(_ATTEMPTS):
        if _write_and_rename(target, data, 0o600 if private else 0o666):
            _sync_directory(target.parent)
            return
    raise FileNotFoundError(errno.ENOENT, "each temporary was removed while written", str(target))


#: Tries of :func:`write_durably` whose temporary another process removed, taking it for a
#: leftover in the instant before the hold (or, on Windows, between the close and the rename).
_ATTEMPTS = 5


def _write_and_rename(target: Path, data: bytes, mode: int) -> bool:
    """Steps 1 to 3; False if another process removed the temporary before it was held."""
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY, mode)
    try:
        if not _hold(fd):
            return False
        view, written = memoryview(data), 0
        while written < len(view):
            written += os.write(fd, view[written:])
        os.fsync(fd)
        if sys.platform == "win32":
            # Windows renames no open file. The close ends the hold: a removal in between
            # fails the rename with FileNotFoundError, and the caller begins again.
            os.close(fd)
            fd = -1
        try:
            temporary.replace(target)
        except FileNotFoundError:
            return False
        return True
    except BaseException:
        if fd >= 0:  # first: Windows deletes no open file
            with contextlib.suppress(OSError):
                os.close(fd)
            fd = -1
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    finally:
        if fd >= 0:
            os.close(fd)  # ends the hold, after the rename


def _hold(fd: int) -> bool:
    """Hold the open temporary ``fd`` against :func:`remove_leftovers` in another process;
    False if such a process is removing it or has removed it (before the hold)."""
    if sys.platform == "win32":
        return True  # nobody deletes a file open without FILE_SHARE_DELETE
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False  # only a clean-up holds a temporary it did not make: it is removing it
    except OSError:
        # No flock on this file system (ENOLCK: NFS without its lock daemon; EOPNOTSUPP):
        # write unheld, as before; a removal still shows at the rename, and is retried.
        return True
    return os.fstat(fd).st_nlink > 0


def remove_leftovers(folder: Path) -> int:
    """Delete the temporary files that a crash left between steps 1 and 3 in ``folder``;
    one that a live writer holds is not a leftover and stays.

    They are never read (a reader only opens the target's name), but a plan's holds a
    transfer's secret key: it must not outlive the crash. Returns how many were removed.
    """
    removed = 0
    for leftover in folder.glob(".*.tmp"):
        # FileNotFoundError: its writer finished (renamed it). PermissionError: open in a
        # live writer on Windows.
        with contextlib.suppress(FileNotFoundError, PermissionError):
            removed += _remove_unless_held(leftover)
    return removed


def _remove_unless_held(path: Path) -> bool:
    """Remove ``path`` unless a live writer holds it. Whatever cannot be held (not a regular
    file, not ours to open, a file system without flock) is removed as a crash's: a live
    writer whose temporary goes sees it at its rename, and writes again."""
    if sys.platform == "win32" or not stat.S_ISREG(path.lstat().st_mode):
        path.unlink()  # (a folder raises, as it always did: nothing of ours makes one)
        return True
    import fcntl

    try:
        # O_RDWR: on NFS an exclusive flock is an fcntl write lock (flock(2), "NFS details").
        # O_NONBLOCK: a FIFO swapped in since the lstat must not hang the opening.
        fd = os.open(path, os.O_RDWR | os.O_NONBLOCK | _O_NOFOLLOW)
    except FileNotFoundError:
        raise
    except OSError:  # another user's, a mode without rw, swapped for a symlink
        path.unlink()
        return True
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # a live writer holds it
        except OSError:
            pass  # no flock on this file system
        path.unlink()  # while held: its writer, holding it next, sees it gone and begins again
        return True
    finally:
        os.close(fd)


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
