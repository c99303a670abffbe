"""Upload lifecycle behind the tus endpoint: create, append, complete, terminate, expire.

Durability rule: ``uploads.offset`` only ever names bytes that were written *and fsynced*
first. A PATCH records it every ``commit_bytes`` (in a background thread, so receiving never
waits for the disk) and when the body ends (or the client goes away); anything past it in
the ``.part`` file is dropped on the next append. So after a
``kill -9`` a HEAD answers an offset whose bytes are all on disk and the upload continues.

Event-loop rule: every database query and file-system call runs in a worker thread through
``asyncio.to_thread``; the loop only receives, cuts blocks and holds the per-upload locks.
A commit waits for an fsync (``synchronous=FULL``) and for any other writer (a sign-in, the
admin CLI), which would stall every upload and sign-in the server is serving. ``to_thread``
rather than one database thread: each worker thread already has its own SQLite connection
(see :mod:`noomus_extranet.db`), WAL lets the readers run side by side, the block writer's
background commits already work that way, and ingest makes only a few such calls per PATCH
(the bytes themselves go through :mod:`noomus_extranet.tus.blocks`), so the hop costs nothing
measurable. The synchronous methods below are the work those threads do; :meth:`recover` and
:meth:`expire_due_at_start` run before the server serves.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import logging
import re
import secrets
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import BinaryIO, TypeVar

from noomus_desktop.core.fsutil import sha256_file
from noomus_extranet.agefile import check_age_file
from noomus_extranet.audit import record
from noomus_extranet.config import ServerConfig
from noomus_extranet.db import Database, Row, now
from noomus_extranet.errors import ApiError, not_found
from noomus_extranet.leases import Hold, Leases
from noomus_extranet.quota import DiskReserve, Limits, check_new_upload
from noomus_extranet.storage import AGE_PREFIX, Storage
from noomus_extranet.tus.blocks import BlockWriter
from noomus_extranet.tus.cutter import BlockCutter, not_encrypted
from noomus_extranet.tus.digests import RunningDigests
from noomus_extranet.tus.headers import Checksum
from noomus_extranet.tus.manifest import (
    check_manifest,
    is_format_2,
    manifest_conflict,
    not_awaiting_manifest,
    stored_manifest,
    with_manifest,
)
from noomus_extranet.tus.slots import UploadLocks, lease_name

log = logging.getLogger(__name__)

T = TypeVar("T")

_ID = re.compile(r"[0-9a-f]{32}")


def upload_expired() -> ApiError:
    return ApiError(410, "upload_expired", "This unfinished upload was removed by the server.")


def too_large(limit: int) -> ApiError:
    return ApiError(413, "upload_too_large", f"The upload is larger than allowed ({limit} bytes).")


@dataclass
class AppendResult:
    offset: int
    delivery: Row | None


class Uploads:
    def __init__(self, db: Database, storage: Storage, config: ServerConfig) -> None:
        self.db = db
        self.storage = storage
        self.config = config
        self.locks = UploadLocks(Leases(db), inherit=self._recover)
        self.digests = RunningDigests()
        self.quota = Limits(config.quota_bytes, config.quota_uploads)
        self.disk = DiskReserve(storage.uploads, config.disk_reserve, config.disk_reserve_percent)

    # -- lookups ---------------------------------------------------------------------------

    async def get(self, upload_id: str, user_id: int) -> Row:
        """The caller's upload; 404 for a malformed or foreign ID, 410 once expired."""
        if not _ID.fullmatch(upload_id):
            raise not_found()
        row = await asyncio.to_thread(
            self.db.one, "SELECT * FROM uploads WHERE id = ? AND user_id = ?", (upload_id, user_id)
        )
        if row is None or row["state"] == "terminated":
            raise not_found()
        due = row["state"] == "open" and row["expires_at"] <= now()
        if row["state"] == "expired" or (due and await self._expire_if_idle(upload_id)):
            raise upload_expired()
        return row

    async def delivery_of(self, upload_id: str) -> Row | None:
        return await asyncio.to_thread(self._delivery_of, upload_id)

    def _delivery_of(self, upload_id: str) -> Row | None:
        return self.db.one("SELECT * FROM deliveries WHERE upload_id = ?", (upload_id,))

    # -- create / terminate / expire -------------------------------------------------------

    async def create(self, user_id: int, length: int, metadata: str) -> Row:
        if length > self.config.max_upload_size:
            raise too_large(self.config.max_upload_size)
        if length < len(AGE_PREFIX):
            raise not_encrypted()
        return await asyncio.to_thread(self._create, user_id, length, metadata)

    def _create(self, user_id: int, length: int, metadata: str) -> Row:
        manifest = stored_manifest(metadata)
        if manifest is not None:
            # A small file described at creation: checked as a PUT one would be.
            check_manifest(manifest, self._recipients())
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

    async def forget_if_empty(self, upload_id: str) -> bool:
        """After a failed creation-with-upload: remove the upload, row and file, if it kept
        no byte (nothing to resume; it would hold quota until it expired)."""
        return await asyncio.to_thread(self._forget_if_empty, upload_id)

    def _forget_if_empty(self, upload_id: str) -> bool:
        with self.db.transaction() as conn:
            deleted = conn.execute(
                "DELETE FROM uploads WHERE id = ? AND \"offset\" = 0 AND state != 'completed'",
                (upload_id,),
            ).rowcount
        if deleted:
            self.storage.remove(upload_id)
            self.digests.drop(upload_id)
        return bool(deleted)

    async def terminate(self, upload: Row) -> None:
        if upload["state"] == "completed":
            raise ApiError(
                409, "upload_completed", "This upload is already delivered; it cannot be removed."
            )
        await asyncio.to_thread(self._discard, upload["id"], "terminated")

    async def expire_due(self) -> int:
        """Remove unfinished uploads past their ``Upload-Expires``; returns how many."""
        due = await asyncio.to_thread(self._due)
        expired = [upload_id for upload_id in due if await self._expire_if_idle(upload_id)]
        return len(expired)

    def expire_due_at_start(self) -> int:
        """:meth:`expire_due` before the server serves (no request of this process holds an
        upload; one that another live process holds is left to it)."""
        return sum(bool(self._if_unheld(upload_id, self._expire)) for upload_id in self._due())

    def _if_unheld(self, upload_id: str, work: Callable[[str], T]) -> T | None:
        """``work(upload_id)`` under the upload's lease, or None when another process holds
        it (before this process serves: none of its own requests can)."""
        hold = self.locks.leases.try_take(lease_name(upload_id))
        if hold is None:
            return None
        try:
            return work(upload_id)
        finally:
            hold.release()

    def _due(self) -> list[str]:
        rows = self.db.all(
            "SELECT id FROM uploads WHERE state = 'open' AND expires_at <= ?", (now(),)
        )
        return [r["id"] for r in rows]

    async def _expire_if_idle(self, upload_id: str) -> bool:
        """Expire an upload no request holds, holding it meanwhile: a PATCH that comes now
        waits, then finds it expired, instead of writing to a file being removed."""
        if self.locks.busy(upload_id):
            return False
        try:
            async with self.locks.locked(upload_id, wait=0, take_over=False):
                return await asyncio.to_thread(self._expire, upload_id)
        except ApiError as exc:
            if exc.code == "upload_locked":  # another process holds it: not idle
                return False
            raise

    def _expire(self, upload_id: str) -> bool:
        """Expire the upload if it is still open and past its time (a PATCH may have renewed
        it since it was found due); returns whether it did."""
        expired = self.db.execute(
            "UPDATE uploads SET state = 'expired' WHERE id = ? AND state = 'open'"
            " AND expires_at <= ?",
            (upload_id, now()),
        ).rowcount
        if expired:
            self._forget(upload_id)
        return bool(expired)

    def _discard(self, upload_id: str, state: str) -> None:
        self.db.execute("UPDATE uploads SET state = ? WHERE id = ?", (state, upload_id))
        self._forget(upload_id)

    def _forget(self, upload_id: str) -> None:
        self.storage.remove(upload_id)
        self.digests.drop(upload_id)

    # -- appending -------------------------------------------------------------------------

    async def append(
        self,
        upload: Row,
        chunks: AsyncIterator[bytes],
        checksum: Checksum | None,
        still_allowed: Callable[[], None],
        hold: Hold,
    ) -> AppendResult:
        """Stream a request body onto the upload (caller holds ``locks.locked``: ``hold``).

        ``still_allowed`` (it reads the database) runs in a worker thread now and then. Every
        write is fenced by ``hold`` and every offset recorded only while it is still ours.
        """
        upload_id, start, length = upload["id"], upload["offset"], upload["length"]
        hasher = self.digests.take(upload_id, start)
        if hasher is None and start == 0:
            hasher = hashlib.sha256()
        before = hasher.copy() if hasher is not None and checksum else None
        body_hasher = checksum.new_hasher() if checksum else None
        f = await asyncio.to_thread(self._open, upload_id, start)
        writer = BlockWriter(f, [h for h in (hasher, body_hasher) if h is not None], hold.fence)
        stream = BlockCutter(start, length, self.config)
        try:
            try:
                async for chunk in chunks:
                    block = stream.feed(chunk)
                    if block is None:
                        continue
                    await writer.write(block)
                    if stream.check_due():
                        await asyncio.to_thread(still_allowed)
                    if checksum is None and stream.commit_due():
                        writer.commit_in_background(
                            functools.partial(self._record, hold, upload_id, stream.written)
                        )
                await writer.write(stream.rest())
            except Exception as exc:
                if isinstance(exc, ApiError) and exc.code in ("not_encrypted", "armored_age"):
                    await writer.drain()
                    await asyncio.to_thread(hold.fence)
                    await asyncio.to_thread(self._discard, upload_id, "terminated")
                elif checksum is None:
                    # Keep whatever arrived before the body broke off (tus: resume from there).
                    await writer.write(stream.rest())
                    await self._commit(writer, hold, upload_id, stream.written, hasher)
                raise
            await writer.drain()
            if checksum and body_hasher and body_hasher.digest() != checksum.digest:
                await asyncio.to_thread(hold.fence)
                await asyncio.to_thread(f.truncate, start)
                if before is not None:
                    self.digests.keep(upload_id, start, before)
                raise ApiError(460, "checksum_mismatch", "Upload-Checksum does not match the body.")
            await self._commit(writer, hold, upload_id, stream.written, hasher)
        finally:
            await writer.close()
            # Shielded: a cancelled request must not leave the file open.
            await asyncio.shield(asyncio.to_thread(f.close))
        delivery = None
        if stream.written == length:
            finish = self._received if is_format_2(upload["metadata"]) else self.complete
            await asyncio.to_thread(hold.fence)
            delivery = await asyncio.to_thread(finish, upload_id)
        return AppendResult(stream.written, delivery)

    def _open(self, upload_id: str, start: int) -> BinaryIO:
        """Renew the upload's expiry and open its file at ``start`` (a PATCH begins)."""
        self.db.execute(
            "UPDATE uploads SET expires_at = ? WHERE id = ?",
            (now() + self.config.upload_expiry, upload_id),
        )
        return self.storage.open_at(upload_id, start)

    async def _commit(
        self,
        writer: BlockWriter,
        hold: Hold,
        upload_id: str,
        offset: int,
        hasher: hashlib._Hash | None,
    ) -> None:
        await writer.sync(functools.partial(self._record, hold, upload_id, offset))
        if hasher is not None:
            self.digests.keep(upload_id, offset, hasher)

    def _record(self, hold: Hold, upload_id: str, offset: int) -> None:
        """Record an offset whose bytes are fsynced (from any thread: one connection each),
        renewing the upload's lease in the same transaction: only while it is still ours."""
        with hold.renewing() as conn:
            conn.execute(
                "UPDATE uploads SET \"offset\" = ?, expires_at = ? WHERE id = ? AND state = 'open'",
                (offset, now() + self.config.upload_expiry, upload_id),
            )

    # -- completion ------------------------------------------------------------------------

    def _recipients(self) -> list[str]:
        return [r["recipient"] for r in self.db.all("SELECT recipient FROM recipients")]

    def _check_received(self, upload: Row) -> None:
        """The whole age header of a fully received upload (422 and removed otherwise)."""
        part = self.storage.part_path(upload["id"])
        if not part.exists():
            return  # already moved into the inbox (a completion cut short by a crash)
        try:
            with part.open("rb") as f:
                check_age_file(f, upload["length"], self._recipients())
        except ApiError:
            self._discard(upload["id"], "terminated")
            raise

    def _received(self, upload_id: str) -> Row | None:
        """Format 2: every byte is stored; the upload waits for its manifest (checked now,
        so a file that is not age to our recipients is refused at its last byte as before)."""
        upload = self.db.one("SELECT * FROM uploads WHERE id = ?", (upload_id,))
        assert upload is not None
        if stored_manifest(upload["metadata"]) is not None:
            return self.complete(upload_id)
        self._check_received(upload)
        return None

    async def attach_manifest(self, upload: Row, manifest: bytes) -> Row:
        """Store a format-2 upload's manifest and deliver it (caller holds its lock).

        Idempotent: the same manifest again answers the same delivery; another one after it
        is stored is ``409 manifest_conflict``.
        """
        return await asyncio.to_thread(self._attach_manifest, upload["id"], manifest)

    def _attach_manifest(self, upload_id: str, manifest: bytes) -> Row:
        upload = self.db.one("SELECT * FROM uploads WHERE id = ?", (upload_id,))
        assert upload is not None
        if not is_format_2(upload["metadata"]):
            raise not_awaiting_manifest()
        stored = stored_manifest(upload["metadata"])
        if stored is not None and stored != manifest:
            raise manifest_conflict()
        if upload["offset"] != upload["length"]:
            # (Even with this manifest stored at creation: the bytes are not all here.)
            raise not_awaiting_manifest()
        if stored is not None:
            return self.complete(upload_id)
        if upload["state"] != "open":
            raise not_awaiting_manifest()
        check_manifest(manifest, self._recipients())
        # Stored with the upload first: a crash before the delivery row exists leaves an
        # upload that :meth:`recover` completes, manifest and all.
        self.db.execute(
            "UPDATE uploads SET metadata = ? WHERE id = ? AND state = 'open'",
            (with_manifest(upload["metadata"], manifest), upload_id),
        )
        return self.complete(upload_id)

    def complete(self, upload_id: str) -> Row:
        """Turn a fully received upload into a delivery (idempotent, crash-safe)."""
        upload = self.db.one("SELECT * FROM uploads WHERE id = ?", (upload_id,))
        assert upload is not None
        existing = self._delivery_of(upload_id)
        if existing is not None:
            return existing
        target = self.storage.delivery_path(upload["user_id"], upload_id)
        if self.storage.part_path(upload_id).exists():
            self._check_received(upload)
            self.storage.deliver(upload_id, upload["user_id"])
        cached = self.digests.take(upload_id, upload["length"])
        digest = cached.hexdigest() if cached is not None else sha256_file(target)
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
                "UPDATE uploads SET state = 'completed', \"offset\" = length WHERE id = ?",
                (upload_id,),
            )
        delivery = self._delivery_of(upload_id)
        assert delivery is not None
        log.info("delivery %s received (%d bytes)", delivery["id"], delivery["size"])
        return delivery

    def recover(self) -> None:
        """After a crash: finish deliveries that were moved or fully written but not recorded
        (not those another live process holds: it is finishing them; and when a process dies
        holding one, the next request for it finishes it, see ``UploadLocks.inherit``)."""
        for row in self.db.all("SELECT * FROM uploads WHERE state = 'open'"):
            if self._cut_short(row):
                self._if_unheld(row["id"], self._recover)

    def _cut_short(self, row: Row) -> bool:
        """Whether an open upload is a delivery whose completion was cut short."""
        if is_format_2(row["metadata"]) and stored_manifest(row["metadata"]) is None:
            return False  # still waiting for its manifest: nothing to recover
        moved = self.storage.delivery_path(row["user_id"], row["id"]).exists()
        return moved or row["offset"] == row["length"]

    def _recover(self, upload_id: str) -> None:
        """Finish the upload's delivery if its completion was cut short (caller holds it)."""
        row = self.db.one("SELECT * FROM uploads WHERE id = ?", (upload_id,))
        if row is None or row["state"] != "open" or not self._cut_short(row):
            return
        try:
            self.complete(upload_id)
        except ApiError:
            log.warning("upload %s could not be recovered", upload_id)
