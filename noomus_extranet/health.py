"""``GET /api/v1/health`` for monitors: ``200 {"status": "ok"}`` or ``503 {"status":
"degraded"}`` (a non-2xx status, so that a plain HTTP check alerts), without authentication.

It reveals nothing else: no version, count, path or reason (the operator finds the reason
with ``noomus-extranet status``). Degraded means uploads cannot be taken: the free space is
below the disk reserve (``quota.DiskReserve``, the same figure that makes uploads answer
``507``), or the database cannot be written (read-only, on a read-only file system, or held
locked by another writer).

Cheap enough for a monitor probing every second: the free space is one ``statvfs``; the
database check opens a fresh connection (so a file made read-only since the server started is
seen, or a PostgreSQL server that went away), begins a write transaction, writes a row and
rolls it back (nothing reaches the disk: nothing wears), and its answer is reused for
``DATABASE_CHECK_INTERVAL`` seconds, one check at a time, off the event loop.
"""

from __future__ import annotations

import asyncio
import threading
import time

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from noomus_extranet.db import Database
from noomus_extranet.quota import DiskReserve

#: Seconds one database check answers for.
DATABASE_CHECK_INTERVAL = 5.0
#: Seconds the check waits for another writer before calling the database locked.
LOCK_WAIT = 1.0

router = APIRouter()


class Health:
    """The two checks, the database one cached (see the module docstring)."""

    def __init__(self, db: Database, disk: DiskReserve) -> None:
        self.db = db
        self.disk = disk
        self._lock = threading.Lock()
        self._checked_at = -DATABASE_CHECK_INTERVAL
        #: The last answer; None until the first check has run.
        self._writable: bool | None = None

    def ok(self) -> bool:
        try:
            if self.disk.free() < self.disk.required():
                return False
        except OSError:
            return False
        return self._database_writable()

    def _database_writable(self) -> bool:
        """The cached answer, renewed by one probe at a time; the others do not wait for it
        (a check can wait ``LOCK_WAIT`` for another writer: a flood of probes must not hold
        the server's worker threads meanwhile). Only the very first probes wait."""
        if not self._lock.acquire(blocking=self._writable is None):
            return bool(self._writable)
        try:
            if time.monotonic() - self._checked_at >= DATABASE_CHECK_INTERVAL:
                self._writable = self._try_write()
                self._checked_at = time.monotonic()
            return bool(self._writable)
        finally:
            self._lock.release()

    def _try_write(self) -> bool:
        return self.db.probe_writable(LOCK_WAIT)


@router.get("/api/v1/health", include_in_schema=False)
async def health(request: Request) -> JSONResponse:
    checks: Health = request.app.state.health
    ok = await asyncio.to_thread(checks.ok)
    return JSONResponse(
        {"status": "ok" if ok else "degraded"},
        status_code=200 if ok else 503,
        headers={"Cache-Control": "no-store"},
    )
