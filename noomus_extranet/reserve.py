"""Room kept on the data directory's disk so that security state is written even when it is full.

A thief holding a stolen account could fill the disk (with uploads, or anyone else could with
anything) so that the real owner's lost-password report fails to lock them out. So the server
keeps ``reserve/0`` ... ``reserve/N-1``: files of real, allocated blocks on the same file
system as the database. A security write (a lock, a revocation, an incident, a disable) that
hits a full disk releases one of them and tries again, once per file, so several such writes
get through on a disk that stays full. The server puts the files back when the disk has room
again (:meth:`SpaceReserve.replenish`, at start and from the sweeper).

Only security writes release the reserve; a sign-in or an upload on a full disk gets
``507 storage_full`` (:func:`storage_full`), and uploads stop well before the disk is full (the
free-space reserve of the quota module).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from noomus_extranet.db import Connection, Database, DatabaseError
from noomus_extranet.errors import ApiError

log = logging.getLogger(__name__)

T = TypeVar("T")
DEFAULT_SIZE = 16 * 1024 * 1024
PIECES = 8
MIN_PIECE = 32 * 1024
#: Seconds a client waits after ``storage_full``: space comes back as uploads finish or expire
#: (and a client that honours it must not sit idle long once it has).
RETRY_AFTER = "30"
_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})
#: PostgreSQL's ``disk_full``. Not ``53200 out_of_memory``: memory comes back by itself and
#: releasing disk space would not help it (noomus_extranet/postgres.py answers it as
#: ``database_unavailable``).
PG_DISK_FULL = "53100"


def is_disk_full(exc: BaseException) -> bool:
    """A write refused for lack of room: ENOSPC/EDQUOT, SQLite's ``SQLITE_FULL``, or
    PostgreSQL's ``disk_full`` (a psycopg error, or the ``sqlite3`` one noomus_extranet/
    postgres.py raises for it, which keeps its ``sqlstate``)."""
    if getattr(exc, "sqlstate", None) == PG_DISK_FULL:
        return True
    if isinstance(exc, sqlite3.Error):
        return getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
    return isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS


def storage_full() -> ApiError:
    return ApiError(
        507,
        "storage_full",
        "The server cannot store more right now. Please try again later.",
        {"Retry-After": RETRY_AFTER},
    )


class SpaceReserve:
    """``PIECES`` files holding ``size`` bytes in all (less on a small disk), beside the
    database."""

    def __init__(self, folder: Path, size: int = DEFAULT_SIZE) -> None:
        self.folder = folder
        self.size = size

    @property
    def piece(self) -> int:
        """One piece: of ``size``, but of at most 1 % of a small disk (at least 32 KiB: a
        few lock transactions' worth), so a small disk keeps its room for uploads."""
        try:
            stat = os.statvfs(self.folder.parent)
            share = max(stat.f_blocks * stat.f_frsize // 100, PIECES * MIN_PIECE)
        except OSError:  # pragma: no cover (the data directory exists by now)
            share = self.size
        return min(self.size, share) // PIECES

    @classmethod
    def beside(cls, db: Database, size: int = DEFAULT_SIZE) -> SpaceReserve:
        return cls(db.path.parent / "reserve", size)

    def replenish(self) -> int:
        """Put back every missing piece the disk has room for; returns how many are held."""
        piece = self.piece
        if piece <= 0:
            return 0
        self.folder.mkdir(mode=0o700, exist_ok=True)
        held = 0
        for index in range(PIECES):
            path = self.folder / str(index)
            if _size(path) == piece:
                held += 1
                continue
            try:
                _allocate(path, piece)
            except OSError as exc:
                if not is_disk_full(exc):
                    raise
                with contextlib.suppress(OSError):
                    path.unlink()
                break
            held += 1
        return held

    def release_one(self) -> bool:
        """Free one piece (the last one held); False when none is left."""
        for index in reversed(range(PIECES)):
            path = self.folder / str(index)
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            log.warning("disk full: released reserved space %s for a security write", path)
            return True
        return False


def write_security_state(db: Database, change: Callable[[Connection], T]) -> T:
    """Run ``change`` in one transaction, even on a full disk (see the module docstring).

    Callable from any thread (the database has one connection per thread). On PostgreSQL
    the reserve is left alone: it lies in the data directory, while PostgreSQL writes to its
    own disk (usually another machine's), where freeing it makes no room; the write fails
    as ``storage_full`` and PostgreSQL's administrator makes room.
    """
    reserve = SpaceReserve.beside(db)
    while True:
        try:
            with db.transaction() as conn:
                return change(conn)
        except (DatabaseError, OSError) as exc:
            if not is_disk_full(exc) or db.is_postgres or not reserve.release_one():
                raise


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return -1


def _allocate(path: Path, size: int) -> None:
    """Write ``size`` bytes of real blocks (no sparse file: it would reserve nothing)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        if hasattr(os, "posix_fallocate"):
            os.posix_fallocate(fd, 0, size)
        else:  # pragma: no cover (Windows, macOS)
            block = b"\0" * min(size, 1024 * 1024)
            for start in range(0, size, len(block)):
                os.write(fd, block[: size - start])
        os.fsync(fd)
    finally:
        os.close(fd)
