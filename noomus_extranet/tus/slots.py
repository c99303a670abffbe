"""One request at a time per upload, and how a newer request takes over from one whose
client has gone silent (a HEAD waits for a PATCH to record its offset; a resumed PATCH must
not wait behind the body of a dead connection).

Lives on the event loop only: the locks are ``asyncio.Lock``s and nothing here touches a
thread, the database or the disk.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from noomus_extranet.errors import ApiError
from noomus_extranet.tus.body import Body

LOCK_WAIT = 10.0


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


class UploadLocks:
    """The slots of the uploads that requests hold or wait for right now."""

    def __init__(self) -> None:
        self._slots: dict[str, _Slot] = {}

    def busy(self, upload_id: str) -> bool:
        """Whether a request holds the upload (then it is not expired under its feet)."""
        slot = self._slots.get(upload_id)
        return slot is not None and slot.lock.locked()

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
