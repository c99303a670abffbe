"""The block writer: a PATCH body's blocks go to the ``.part`` file and through the running
hashes in two worker threads, so the event loop keeps receiving while the disk and the CPU work.

Blocks stay in order (one writer thread, one hasher thread), at most ``DEPTH`` wait (bounded
memory), and a failed write sticks: no later block lands at the wrong place and no offset is
recorded over bytes that never reached the file. Making bytes durable (fsync, then recording
the offset) also runs in a thread: a commit must never hold the event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import BinaryIO


def _write_all(fd: int, block: list[bytes]) -> None:
    """Write the chunks in order: one ``writev`` where there is one (not on Windows)."""
    if hasattr(os, "writev"):
        written = os.writev(fd, block)
        if written == sum(map(len, block)):
            return
        chunks = [memoryview(b"".join(block))[written:]]  # a short write: the rest
    else:
        chunks = [memoryview(chunk) for chunk in block]
    for rest in chunks:
        while rest:
            rest = rest[os.write(fd, rest) :]


class BlockWriter:
    """Writes blocks in one worker thread and hashes them in another, in order, while the
    event loop keeps receiving; at most ``DEPTH`` blocks wait (bounded memory). A block is
    the list of received chunks, written with one ``writev`` (no copy into one buffer)."""

    DEPTH = 4

    def __init__(
        self, f: BinaryIO, hashers: list[hashlib._Hash], fence: Callable[[], None] = lambda: None
    ) -> None:
        self.fd = f.fileno()
        self.hashers = hashers
        #: Raises unless this process may still write the file (its upload lease), checked
        #: right before each write: no byte lands after another process took the upload over.
        self.fence = fence
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="noomus-write")
        self._hasher = ThreadPoolExecutor(1, thread_name_prefix="noomus-hash")
        self._pending: deque[asyncio.Future[None]] = deque()
        self._last_write: asyncio.Future[None] | None = None
        self._commit: asyncio.Future[None] | None = None
        #: The first failed write. It sticks: a later block would land at the wrong place,
        #: and no offset may be recorded over the bytes that never reached the file.
        self._error: OSError | None = None

    def _write(self, block: list[bytes]) -> None:
        self._raise_if_failed()
        self.fence()
        try:
            _write_all(self.fd, block)
        except OSError as exc:
            self._error = exc
            raise

    def _raise_if_failed(self) -> None:
        if self._error is not None:
            raise self._error

    def _hash(self, block: list[bytes]) -> None:
        for hasher in self.hashers:
            for chunk in block:
                hasher.update(chunk)  # releases the GIL for chunks over 2 KiB

    async def write(self, block: list[bytes]) -> None:
        if not block:
            return
        loop = asyncio.get_running_loop()
        self._last_write = loop.run_in_executor(self._writer, self._write, block)
        self._pending.append(self._last_write)
        if self.hashers:
            self._pending.append(loop.run_in_executor(self._hasher, self._hash, block))
        while len(self._pending) > 2 * self.DEPTH:
            await self._pending.popleft()

    async def drain(self) -> None:
        while self._pending:
            await self._pending.popleft()

    def commit_in_background(self, record: Callable[[], None]) -> None:
        """Make the blocks written so far durable without pausing the receiving: once they
        are written, fsync and then ``record`` them, in another thread. One at a time: a
        commit point reached meanwhile is skipped (the next one or :meth:`sync` covers it)."""
        if self._commit is not None and self._commit.done() and self._commit.exception():
            return  # keep the failed commit (e.g. ENOSPC): sync() raises it to the caller
        if self._commit is None or self._commit.done():
            self._commit = asyncio.ensure_future(self._durable(self._last_write, record))

    async def _durable(
        self, written: asyncio.Future[None] | None, record: Callable[[], None]
    ) -> None:
        if written is not None:
            await written
        await asyncio.to_thread(self._sync_and_record, record)

    def _sync_and_record(self, record: Callable[[], None] | None) -> None:
        """In a worker thread: the fsync, then the database commit that names its bytes."""
        self._raise_if_failed()
        os.fsync(self.fd)
        if record is not None:
            record()

    async def _settle(self) -> None:
        """Wait for the background commit, if any (its errors are the caller's)."""
        commit, self._commit = self._commit, None
        if commit is not None:
            await commit

    async def sync(self, record: Callable[[], None] | None = None) -> None:
        """Make everything written durable, then ``record`` it, both in a worker thread (after
        any background commit, which must not record its smaller offset after this one)."""
        await self.drain()
        await self._settle()
        await asyncio.to_thread(self._sync_and_record, record)

    async def close(self) -> None:
        """Wait for every block and commit (even after an error) and stop the threads."""
        while self._pending:
            with contextlib.suppress(Exception):
                await self._pending.popleft()
        with contextlib.suppress(Exception):
            await self._settle()
        self._writer.shutdown(wait=False)
        self._hasher.shutdown(wait=False)
