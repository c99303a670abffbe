"""One request at a time per upload across every server process, and how a newer request
takes over from one whose client has gone silent (a HEAD waits for a PATCH to record its
offset; a resumed PATCH must not wait behind the body of a dead connection).

Two levels: within this process an ``asyncio.Lock`` per upload (and the takeover rule, which
interrupts the holder's body at once); across processes the upload's lease in the database
(:mod:`noomus_extranet.leases`), taken once the local lock is held. A request that finds the
lease held by another process asks it to take over (the holder reads the flag at its next
check, within :data:`CHECK_EVERY` seconds) and polls until :data:`LOCK_WAIT`. While a request
holds the lease, a task checks and renews it; when it is lost (or the holder's own clock says
it may be), the body is interrupted and every further write is fenced off
(:meth:`~noomus_extranet.leases.Hold.fence`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from noomus_extranet.db import log_failure
from noomus_extranet.errors import ApiError
from noomus_extranet.leases import Hold, Leases
from noomus_extranet.reserve import is_disk_full
from noomus_extranet.tus.body import Body

log = logging.getLogger(__name__)

LOCK_WAIT = 10.0
#: How often a holder checks its lease (and whether another process asked to take over).
CHECK_EVERY = 1.0
#: How often a request waiting for another process's lease asks again.
POLL = 0.1


def upload_locked() -> ApiError:
    return ApiError(423, "upload_locked", "Another request is writing this upload; retry shortly.")


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

    def __init__(self, leases: Leases, inherit: Callable[[str], None]) -> None:
        self._slots: dict[str, _Slot] = {}
        self.leases = leases
        #: Finishes what a dead process left half done on an upload whose lease this process
        #: takes over (in a worker thread, before the request goes on).
        self.inherit = inherit

    def busy(self, upload_id: str) -> bool:
        """Whether a request holds the upload (then it is not expired under its feet)."""
        slot = self._slots.get(upload_id)
        return slot is not None and slot.lock.locked()

    @asynccontextmanager
    async def locked(
        self,
        upload_id: str,
        body: Body | None = None,
        wait: float = LOCK_WAIT,
        take_over: bool = True,
    ) -> AsyncIterator[Hold]:
        """One request at a time per upload, in any process (a HEAD waits for a PATCH to
        record its offset); 423 ``upload_locked`` after ``wait`` seconds.

        A newer request takes over from a holder still reading its ``body`` (as in tusd: the
        client gave up on that connection, which may be dead without a FIN): the holder stops
        reading, keeps what arrived and lets go. In this process at once; in another one at
        its next lease check (unless ``take_over`` is false: the expiry sweep only looks).
        Only the upload's owner gets this far.
        """
        deadline = asyncio.get_running_loop().time() + wait
        slot = self._slots.setdefault(upload_id, _Slot())
        slot.users += 1
        slot.arrivals += 1
        arrival = slot.arrivals
        try:
            if slot.body is not None and take_over:
                slot.body.interrupt()
            try:
                if slot.lock.locked() or wait > 0:
                    await asyncio.wait_for(slot.lock.acquire(), wait)
                else:  # free: take it now (a zero wait_for gives up before it even tries)
                    await slot.lock.acquire()
            except TimeoutError:
                raise upload_locked() from None
            slot.body = body
            if body is not None and slot.arrivals > arrival:
                # A newer request came while this one waited (it saw no body to interrupt
                # then): it takes over, or it would wait behind a body that may never come.
                body.interrupt()
            try:
                hold = await self._lease(upload_id, deadline, take_over)
                keeper = asyncio.create_task(_keep(hold, slot))
                try:
                    if hold.inherited:
                        await asyncio.to_thread(self.inherit, upload_id)
                    yield hold
                finally:
                    keeper.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await keeper
                    # Shielded: a cancelled request must still let other processes in.
                    await asyncio.shield(asyncio.to_thread(hold.release))
            finally:
                slot.body = None
                slot.lock.release()
        finally:
            slot.users -= 1
            if slot.users == 0:
                del self._slots[upload_id]

    @asynccontextmanager
    async def reading(self, upload_id: str) -> AsyncIterator[None]:
        """For a HEAD: :meth:`locked`, except on a full disk, where the lease cannot be
        taken (it is a row to write): then the request only waits, as long as ``locked``
        would, until no other process holds the lease, so that a client can still learn the
        offset it may resume from (the recorded one, which is durable)."""
        entered = False
        try:
            async with self.locked(upload_id):
                entered = True
                yield
                return
        except Exception as exc:
            if entered or not is_disk_full(exc):
                raise
        loop = asyncio.get_running_loop()
        deadline = loop.time() + LOCK_WAIT
        while not await asyncio.to_thread(self.leases.free, lease_name(upload_id)):
            if loop.time() >= deadline:
                raise upload_locked() from None
            await asyncio.sleep(POLL)
        yield

    async def _lease(self, upload_id: str, deadline: float, take_over: bool) -> Hold:
        """The upload's lease, waited for until ``deadline`` (loop time)."""
        name = lease_name(upload_id)
        loop = asyncio.get_running_loop()
        asked = not take_over
        while True:
            hold = await asyncio.to_thread(self.leases.try_take, name)
            if hold is not None:
                return hold
            if not asked:
                await asyncio.to_thread(self.leases.ask_takeover, name)
                asked = True
            left = deadline - loop.time()
            if left <= 0:
                raise upload_locked()
            await asyncio.sleep(min(POLL, left))


def lease_name(upload_id: str) -> str:
    return f"upload/{upload_id}"


async def _keep(hold: Hold, slot: _Slot) -> None:
    """While a request holds an upload: check the lease every :data:`CHECK_EVERY` seconds,
    renew it when due, and stop the body when the lease is lost or another process asks for
    the upload (its client resumed there)."""
    while True:
        await asyncio.sleep(CHECK_EVERY)
        try:
            held, asked = await asyncio.to_thread(hold.check)
        except Exception:
            log_failure(log, f"checking the lease of {hold.name}")
            held, asked = hold.valid(), False
        if (not held or asked) and slot.body is not None:
            slot.body.interrupt()
