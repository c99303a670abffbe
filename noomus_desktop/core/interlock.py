"""One process at a time, across processes: locks on files in the app's data.

Two processes of this app (the window and ``noomus-upload``, or two ``noomus-upload send``)
share the keyring entry and the transfer queue:

- the server lets a refresh token be used once (the second use looks like a stolen copy and
  ends the session): :func:`held` makes a read-use-store of the token one process's turn;
- a transfer must be sent by one process only (two would make two uploads of one file):
  :class:`Claims` lets a process claim transfers by number, and refuses one that another
  living process has claimed.

The locks are the operating system's (``flock`` and ``lockf`` on POSIX, ``msvcrt.locking``
on Windows), tied to an open file: whatever way the holder ends, ``kill -9`` included, the
system releases them, so a crash never leaves anything taken.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: How often a Windows waiter tries again (``msvcrt`` has no blocking wait without a limit).
_POLL = 0.05


@contextmanager
def held(path: Path) -> Iterator[None]:
    """Run the block while this process alone holds the lock of ``path`` (created if needed).

    Waits as long as another process holds it, without a limit: the holder's work is bounded
    by its own request timeouts, and a waiter that gave up would have nothing safe to do.
    Not re-entrant: a thread holding it must not ask for it again.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        _lock(fd)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


class Claims:
    """Numbered claims, held by this process until :meth:`close` or its end.

    Claim ``n`` is a lock on byte ``n`` of ``path``. The claims belong to the process (POSIX
    record locks): one instance per file and process, since closing any descriptor of the
    file would drop them all.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._fd: int | None = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        self._held: set[int] = set()
        self._lock = threading.Lock()

    def claim(self, number: int) -> bool:
        """Claim ``number``: False if another living process holds it (True if this one)."""
        with self._lock:
            if number in self._held:
                return True
            if self._fd is None or not _claim(self._fd, number):
                return False
            self._held.add(number)
            return True

    def close(self) -> None:
        """Give every claim back."""
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
            self._fd = None
            self._held.clear()


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> None:
        while not _claim(fd, 0):
            time.sleep(_POLL)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

    def _claim(fd: int, number: int) -> bool:
        os.lseek(fd, number, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

    def _claim(fd: int, number: int) -> bool:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, number)
        except OSError:
            return False
        return True
