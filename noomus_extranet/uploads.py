"""Upload lifecycle behind the tus endpoint: create, append, complete, terminate, expire.

Durability rule: ``uploads.offset`` only ever names bytes that were written *and fsynced*
first. A PATCH records it every ``commit_bytes`` (in a background thread, so receiving never
waits for the disk) and when the body ends (or the client goes away); anything past it in
the ``.part`` file is dropped on the next append. So after a
``kill -9`` a HEAD answers an offset whose bytes are all on disk and the upload continues.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import logging
import os
import re
import secrets
import sqlite3
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import BinaryIO

from noomus_extranet.agefile import armored_age, check_age_file, looks_armored
from noomus_extranet.audit import record
from noomus_extranet.body import Body
from noomus_extranet.config import ServerConfig
from noomus_extranet.db import Database, now
from noomus_extranet.errors import ApiError, not_found
from noomus_extranet.quota import DiskReserve, Limits, check_new_upload
from noomus_extranet.storage import AGE_PREFIX, Storage, sha256_file
from noomus_extranet.tusheaders import Checksum

log = logging.getLogger(__name__)

_ID = re.compile(r"[0-9a-f]{32}")
BLOCK = 4 * 1024 * 1024
BLOCK_CHUNKS = 512  # chunks per block: one writev takes at most IOV_MAX (1024) buffers
LOCK_WAIT = 10.0


def not_encrypted() -> ApiError:
    return ApiError(
        422,
        "not_encrypted",
        "Only files encrypted with age (age-encryption.org/v1) are accepted.",
    )


def upload_expired() -> ApiError:
    return ApiError(410, "upload_expired", "This unfinished upload was removed by the server.")


def too_large(limit: int) -> ApiError:
    return ApiError(413, "upload_too_large", f"The upload is larger than allowed ({limit} bytes).")


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


class _BlockWriter:
    """Writes blocks in one worker thread and hashes them in another, in order, while the
    event loop keeps receiving; at most ``DEPTH`` blocks wait (bounded memory). A block is
    the list of received chunks, written with one ``writev`` (no copy into one buffer)."""

    DEPTH = 4

    def __init__(self, f: BinaryIO, hashers: list[hashlib._Hash]) -> None:
        self.fd = f.fileno()
        self.hashers = hashers
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

        def sync_and_record() -> None:
            self._raise_if_failed()
            os.fsync(self.fd)
            record()

        await asyncio.to_thread(sync_and_record)

    async def _settle(self) -> None:
        """Wait for the background commit, if any (its errors are the caller's)."""
        commit, self._commit = self._commit, None
        if commit is not None:
            await commit

    async def sync(self) -> None:
        """Make everything written durable (after any background commit, which must not
        record its smaller offset after the caller records this one)."""
        await self.drain()
        await self._settle()
        self._raise_if_failed()
        await asyncio.to_thread(os.fsync, self.fd)

    async def close(self) -> None:
        """Wait for every block and commit (even after an error) and stop the threads."""
        while self._pending:
            with contextlib.suppress(Exception):
                await self._pending.popleft()
        with contextlib.suppress(Exception):
            await self._settle()
        self._writer.shutdown(wait=False)
        self._hasher.shutdown(wait=False)


@dataclass
class _Slot:
    """One upload's lock, how many requests hold or wait for it (the slot is dropped at
    zero), and the body its holder is reading, which a newer request interrupts."""

    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0
    body: Body | None = None
    #: Requests that have asked for the slot so far: a holder whose number is lower than
    #: this was overtaken while it waited.
    arrivals: int = 0


@dataclass
class AppendResult:
    offset: int
    delivery: sqlite3.Row | None


class Uploads:
    def __init__(self, db: Database, storage: Storage, config: ServerConfig) -> None:
        self.db = db
        self.storage = storage
        self.config = config
        self._slots: dict[str, _Slot] = {}
        self.quota = Limits(config.quota_bytes, config.quota_uploads)
        self.disk = DiskReserve(storage.uploads, config.disk_reserve, config.disk_reserve_percent)
        # Running SHA-256 of each upload's stored bytes, valid while its offset matches.
        self._hashers: dict[str, tuple[int, hashlib._Hash]] = {}

    # -- lookups ---------------------------------------------------------------------------

    def get(self, upload_id: str, user_id: int) -> sqlite3.Row:
        """The caller's upload; 404 for a malformed or foreign ID, 410 once expired."""
        if not _ID.fullmatch(upload_id):
            raise not_found()
        row = self.db.one(
            "SELECT * FROM uploads WHERE id = ? AND user_id = ?", (upload_id, user_id)
        )
        if row is None or row["state"] == "terminated":
            raise not_found()
        if row["state"] == "open" and row["expires_at"] <= now() and not self._busy(upload_id):
            self._expire(upload_id)
            raise upload_expired()
        if row["state"] == "expired":
            raise upload_expired()
        return row

    def delivery_of(self, upload_id: str) -> sqlite3.Row | None:
        return self.db.one("SELECT * FROM deliveries WHERE upload_id = ?", (upload_id,))

    # -- create / terminate / expire -------------------------------------------------------

    def create(self, user_id: int, length: int, metadata: str) -> sqlite3.Row:
        if length > self.config.max_upload_size:
            raise too_large(self.config.max_upload_size)
        if length < len(AGE_PREFIX):
            raise not_encrypted()
        upload_id = secrets.token_hex(16)
        try:
            self.disk.check()
            # One transaction: parallel creations cannot all pass the quota.
            with self.db.transaction() as conn:
                check_new_upload(conn, user_id, length, self.quota)
                self.storage.create(upload_id)
                t = now()
                conn.execute(
                    "INSERT INTO uploads(id, user_id, length, metadata, created_at, expires_at)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (upload_id, user_id, length, metadata, t, t + self.config.upload_expiry),
                )
        except BaseException as exc:
            self.storage.remove(upload_id)  # no file without its row
            if isinstance(exc, ApiError) and exc.status == 507:
                record(self.db, "upload_refused", user_id=user_id, code=exc.code, length=length)
            raise
        row = self.db.one("SELECT * FROM uploads WHERE id = ?", (upload_id,))
        assert row is not None
        return row

    def forget_if_empty(self, upload_id: str) -> bool:
        """After a failed creation-with-upload: remove the upload, row and file, if it kept
        no byte (nothing to resume; it would hold quota until it expired)."""
        with self.db.transaction() as conn:
            deleted = conn.execute(
                "DELETE FROM uploads WHERE id = ? AND offset = 0 AND state != 'completed'",
                (upload_id,),
            ).rowcount
        if deleted:
            self.storage.remove(upload_id)
            self._hashers.pop(upload_id, None)
        return bool(deleted)

    def terminate(self, upload: sqlite3.Row) -> None:
        if upload["state"] == "completed":
            raise ApiError(
                409, "upload_completed", "This upload is already delivered; it cannot be removed."
            )
        self._discard(upload["id"], "terminated")

    def expire_due(self) -> int:
        """Remove unfinished uploads past their ``Upload-Expires``; returns how many."""
        rows = self.db.all(
            "SELECT id FROM uploads WHERE state = 'open' AND expires_at <= ?", (now(),)
        )
        expired = [r["id"] for r in rows if not self._busy(r["id"])]
        for upload_id in expired:
            self._expire(upload_id)
        return len(expired)

    def _expire(self, upload_id: str) -> None:
        self._discard(upload_id, "expired")

    def _discard(self, upload_id: str, state: str) -> None:
        self.db.execute("UPDATE uploads SET state = ? WHERE id = ?", (state, upload_id))
        self.storage.remove(upload_id)
        self._hashers.pop(upload_id, None)

    def _busy(self, upload_id: str) -> bool:
        slot = self._slots.get(upload_id)
        return slot is not None and slot.lock.locked()

    # -- appending -------------------------------------------------------------------------

    @asynccontextmanager
    async def locked(self, upload_id: str, body: Body | None = None) -> AsyncIterator[None]:
        """One request at a time per upload (a HEAD waits for a PATCH to record its offset).

        A newer request takes over from a holder still reading its ``body`` (as in tusd: the
        client gave up on that connection, which may be dead without a FIN): the holder stops
        reading, keeps what arrived and lets go. Only the upload's owner gets this far.
        """
        slot = self._slots.setdefault(upload_id, _Slot())
        slot.users += 1
        slot.arrivals += 1
        arrival = slot.arrivals
        try:
            if slot.body is not None:
                slot.body.interrupt()
            try:
                await asyncio.wait_for(slot.lock.acquire(), LOCK_WAIT)
            except TimeoutError:
                raise ApiError(
                    423, "upload_locked", "Another request is writing this upload; retry shortly."
                ) from None
            slot.body = body
            if body is not None and slot.arrivals > arrival:
                # A newer request came while this one waited (it saw no body to interrupt
                # then): it takes over, or it would wait behind a body that may never come.
                body.interrupt()
            try:
                yield
            finally:
                slot.body = None
                slot.lock.release()
        finally:
            slot.users -= 1
            if slot.users == 0:
                del self._slots[upload_id]

    async def append(
        self,
        upload: sqlite3.Row,
        chunks: AsyncIterator[bytes],
        checksum: Checksum | None,
        still_allowed: Callable[[], None],
    ) -> AppendResult:
        """Stream a request body onto the upload (caller holds :meth:`locked`)."""
        upload_id, start, length = upload["id"], upload["offset"], upload["length"]
        self.db.execute(
            "UPDATE uploads SET expires_at = ? WHERE id = ?",
            (now() + self.config.upload_expiry, upload_id),
        )
        cached = self._hashers.pop(upload_id, None)
        hasher = cached[1] if cached and cached[0] == start else None
        if hasher is None and start == 0:
            hasher = hashlib.sha256()
        before = hasher.copy() if hasher is not None and checksum else None
        body_hasher = checksum.new_hasher() if checksum else None
        f = await asyncio.to_thread(self.storage.open_at, upload_id, start)
        writer = _BlockWriter(f, [h for h in (hasher, body_hasher) if h is not None])
        stream = _Stream(start, length, self.config)
        try:
            try:
                async for chunk in chunks:
                    block = stream.feed(chunk)
                    if block is None:
                        continue
                    await writer.write(block)
                    if stream.check_due():
                        still_allowed()
                    if checksum is None and stream.commit_due():
                        writer.commit_in_background(
                            functools.partial(self._record, upload_id, stream.written)
                        )
                await writer.write(stream.rest())
            except Exception as exc:
                if isinstance(exc, ApiError) and exc.code in ("not_encrypted", "armored_age"):
                    await writer.drain()
                    self._discard(upload_id, "terminated")
                elif checksum is None:
                    # Keep whatever arrived before the body broke off (tus: resume from there).
                    await writer.write(stream.rest())
                    await self._commit(writer, upload_id, stream.written, hasher)
                raise
            await writer.drain()
            if checksum and body_hasher and body_hasher.digest() != checksum.digest:
                await asyncio.to_thread(f.truncate, start)
                if before is not None:
                    self._hashers[upload_id] = (start, before)
                raise ApiError(460, "checksum_mismatch", "Upload-Checksum does not match the body.")
            await self._commit(writer, upload_id, stream.written, hasher)
        finally:
            await writer.close()
            f.close()
        delivery = None
        if stream.written == length:
            delivery = await asyncio.to_thread(self.complete, upload_id)
        return AppendResult(stream.written, delivery)

    async def _commit(
        self, writer: _BlockWriter, upload_id: str, offset: int, hasher: hashlib._Hash | None
    ) -> None:
        await writer.sync()
        self._record(upload_id, offset)
        if hasher is not None:
            self._hashers[upload_id] = (offset, hasher)

    def _record(self, upload_id: str, offset: int) -> None:
        """Record an offset whose bytes are fsynced (from any thread: one connection each)."""
        self.db.execute(
            "UPDATE uploads SET offset = ?, expires_at = ? WHERE id = ? AND state = 'open'",
            (offset, now() + self.config.upload_expiry, upload_id),
        )

    # -- completion ------------------------------------------------------------------------

    def complete(self, upload_id: str) -> sqlite3.Row:
        """Turn a fully received upload into a delivery (idempotent, crash-safe)."""
        upload = self.db.one("SELECT * FROM uploads WHERE id = ?", (upload_id,))
        assert upload is not None
        existing = self.delivery_of(upload_id)
        if existing is not None:
            return existing
        target = self.storage.delivery_path(upload["user_id"], upload_id)
        part = self.storage.part_path(upload_id)
        if part.exists():
            recipients = [r["recipient"] for r in self.db.all("SELECT recipient FROM recipients")]
            try:
                with part.open("rb") as f:
                    check_age_file(f, upload["length"], recipients)
            except ApiError:
                self._discard(upload_id, "terminated")
                raise
            self.storage.deliver(upload_id, upload["user_id"])
        cached = self._hashers.pop(upload_id, None)
        digest = (
            cached[1].hexdigest()
            if cached and cached[0] == upload["length"]
            else sha256_file(target)
        )
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO deliveries(upload_id, user_id, size, sha256, path, metadata,"
                " received_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    upload_id,
                    upload["user_id"],
                    upload["length"],
                    digest,
                    str(target.relative_to(self.storage.inbox)),
                    upload["metadata"],
                    now(),
                ),
            )
            conn.execute(
                "UPDATE uploads SET state = 'completed', offset = length WHERE id = ?",
                (upload_id,),
            )
        delivery = self.delivery_of(upload_id)
        assert delivery is not None
        log.info("delivery %s received (%d bytes)", delivery["id"], delivery["size"])
        return delivery

    def recover(self) -> None:
        """After a crash: finish deliveries that were moved or fully written but not recorded."""
        for row in self.db.all("SELECT * FROM uploads WHERE state = 'open'"):
            moved = self.storage.delivery_path(row["user_id"], row["id"]).exists()
            if moved or (row["offset"] == row["length"]):
                try:
                    self.complete(row["id"])
                except ApiError:
                    log.warning("upload %s could not be recovered", row["id"])


class _Stream:
    """Cuts a request body into blocks, enforcing the length and the age header as it goes."""

    def __init__(self, start: int, length: int, config: ServerConfig) -> None:
        self.received = start
        self.written = start  # bytes handed out as blocks
        self.length = length
        self._buf: list[bytes] = []
        self._buffered = 0
        self._commit_bytes = config.commit_bytes
        self._recheck_bytes = config.recheck_bytes
        self._recheck_interval = config.recheck_interval
        self._next_commit = start + config.commit_bytes
        self._next_check = start + config.recheck_bytes
        self._check_after = time.monotonic() + config.recheck_interval

    def feed(self, chunk: bytes) -> list[bytes] | None:
        """Accept a chunk; return a block to write once enough has gathered."""
        if self.received + len(chunk) > self.length:
            raise ApiError(413, "upload_too_large", "The body goes past Upload-Length.")
        if self.received < len(AGE_PREFIX):
            expected = AGE_PREFIX[self.received :]
            if chunk[: len(expected)] != expected[: len(chunk)]:
                armored = self.received == 0 and looks_armored(chunk)
                raise armored_age() if armored else not_encrypted()
        self._buf.append(chunk)
        self._buffered += len(chunk)
        self.received += len(chunk)
        full = self._buffered >= BLOCK or len(self._buf) >= BLOCK_CHUNKS
        return self.rest() if full else None

    def rest(self) -> list[bytes]:
        """The gathered chunks not yet handed out (possibly none)."""
        block, self._buf = self._buf, []
        self.written += self._buffered
        self._buffered = 0
        return block

    def check_due(self) -> bool:
        if self.written < self._next_check:
            return False
        clock = time.monotonic()
        if clock < self._check_after:
            return False
        self._next_check = self.written + self._recheck_bytes
        self._check_after = clock + self._recheck_interval
        return True

    def commit_due(self) -> bool:
        if self.written < self._next_commit:
            return False
        self._next_commit = self.written + self._commit_bytes
        return True
