"""Leases in the database: what one server process owns while several share one database.

A lease is a row of ``leases(name, owner, expires_at, takeover)``: ``upload/<id>`` while a
request writes (or reads the settled offset of) an upload, ``leader`` for the process that runs
the cluster-wide sweep and purge. ``owner`` names one process (host, pid and a random part, so
an operator can see who holds what). A holder renews its lease every :data:`RENEW_EVERY`
seconds; a process that dies (even ``kill -9``) stops renewing and its leases lapse
:data:`LEASE_TTL` seconds after the last renewal, so another process carries on (at once on
the same host, where the owner's pid can be seen to be gone: a restart after ``kill -9`` waits
for nothing).

Fencing: the database judges a lease by wall-clock time (``expires_at``, from ``time.time()``:
the machines' clocks must agree, e.g. NTP); the holder judges its own lease by both its
monotonic clock and the wall clock, each from a deadline taken no later than the row's expiry
was written and :data:`SAFETY` seconds short of it (the wall one for a clock step on this
host, which would let another process here see the row lapse early). When either deadline
has passed, a write (see :meth:`Hold.fence`) first asks the database: a row that still names
this process is renewed and the write goes on (the stall was a slow disk or a database
writer holding its lock, e.g. a migration; nobody can have taken the lease meanwhile, since
taking it changes the owner); a row that names another process marks the hold lost for good.

Taking and renewing are read-modify-write steps inside ``Database.transaction()``, the
cluster-wide writer lock, so two processes never both take one lease.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from noomus_extranet.db import Connection, Database, Row, log_failure, now
from noomus_extranet.errors import ApiError

log = logging.getLogger(__name__)

#: Seconds a lease lives in the database after its holder last renewed it: the longest a
#: dead process keeps an upload or the leadership.
LEASE_TTL = 8.0
#: How much sooner than the database the holder stops trusting its lease (its own clock).
SAFETY = 3.0
#: How often a holder renews (a lease survives two missed renewals).
RENEW_EVERY = 2.0
LEADER = "leader"


def lease_lost() -> ApiError:
    """The holder's lease lapsed or went to another process: it stops (the client resumes)."""
    return ApiError(
        409,
        "upload_interrupted",
        "Another server process took this upload over; resume with HEAD.",
    )


def _machine() -> str:
    """This boot of this host and its PID namespace: where a lease owner's pid can be looked
    up ("" when that cannot be told, e.g. without /proc, or /proc/sys hidden by the unit's
    ProcSubset=pid: then leases only lapse). Host names repeat (cloned machines) and the
    initial PID namespace has the same inode on every Linux machine: the boot id tells them
    apart."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        namespace = Path("/proc/self/ns/pid").stat().st_ino
    except OSError:
        return ""
    return f"{socket.gethostname()}:{boot}/{namespace}"


def process_owner() -> str:
    """This process's name in the ``leases`` table: ``host:pid:namespace:random`` (a pid can
    be reused, after a restart or on another host)."""
    host = socket.gethostname()
    namespace = _machine().rpartition(":")[2] or "-"
    return f"{host}:{os.getpid()}:{namespace}:{secrets.token_hex(4)}"


def gone(owner: str) -> bool:
    """Whether ``owner`` is a process of this host and PID namespace that no longer exists
    (killed, then restarted here): its leases need not lapse first. Unknown: False."""
    host, pid, namespace, *_ = [*owner.split(":"), "", "", ""]
    here = _machine()
    if not here or here != f"{host}:{namespace}" or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # it exists (EPERM: another user's)
    return False


class Hold:
    """One lease this process took: renewed by its holder, checked before every write."""

    def __init__(
        self, leases: Leases, name: str, started: float, wall: float, inherited: bool
    ) -> None:
        self.leases = leases
        self.name = name
        #: Taken over from another process whose lease lapsed (it died, or stalled, while
        #: holding it): what it was doing may be half done.
        self.inherited = inherited
        #: Monotonic and wall-clock times after which the holder no longer trusts the lease
        #: without asking the database.
        self.deadline = started + leases.ttl - leases.safety
        self.wall_deadline = wall + leases.ttl - leases.safety
        self.renewed = started
        self.lost = False

    def valid(self) -> bool:
        """Whether the lease is surely ours by this process's own clocks."""
        return not self.lost and time.monotonic() < self.deadline and now() < self.wall_deadline

    def fence(self) -> None:
        """Raise ``lease_lost`` unless the lease is still ours (before each write; blocks on
        the database when the holder's clocks ran out: call it from a worker thread)."""
        if self.valid():
            return
        if not self.lost:
            with self.leases.db.transaction() as conn:
                renewed = self._renew(conn)
            if renewed is not None:
                self._renewed(*renewed)
                return
        self.lost = True
        raise lease_lost()

    def _renew(self, conn: Connection) -> tuple[float, float] | None:
        """Extend the row if it still names this process (inside the writer's transaction,
        so the times taken here are no later than the expiry written); the clocks' readings
        for :meth:`_renewed`, or None (then the hold is lost)."""
        started, wall = time.monotonic(), now()
        renewed = conn.execute(
            "UPDATE leases SET expires_at = ? WHERE name = ? AND owner = ?",
            (wall + self.leases.ttl, self.name, self.leases.owner),
        ).rowcount
        if renewed != 1:
            self.lost = True
            return None
        return started, wall

    def _renewed(self, started: float, wall: float) -> None:
        """Trust the lease longer, once its renewal is committed."""
        margin = self.leases.ttl - self.leases.safety
        self.deadline = max(self.deadline, started + margin)
        self.wall_deadline = max(self.wall_deadline, wall + margin)
        self.renewed = max(self.renewed, started)

    @contextmanager
    def renewing(self) -> Iterator[Connection]:
        """A transaction that first renews the lease (``lease_lost`` if it is not ours any
        more): what the caller writes in it is written only by the lease's holder."""
        self.fence()
        with self.leases.db.transaction() as conn:
            renewed = self._renew(conn)
            if renewed is None:
                raise lease_lost()
            yield conn
        self._renewed(*renewed)

    def renew(self) -> bool:
        """Renew now; whether the lease is still ours."""
        with contextlib.suppress(Exception), self.renewing():
            return True
        return False

    def check(self) -> tuple[bool, bool]:
        """Renew when due, else only look: (still ours, another process asked to take over)."""
        if time.monotonic() - self.renewed >= RENEW_EVERY and not self.renew():
            return False, False
        row = self.leases.db.one("SELECT owner, takeover FROM leases WHERE name = ?", (self.name,))
        if row is None or row["owner"] != self.leases.owner:
            self.lost = True
        return self.valid(), row is not None and row["takeover"] is not None

    def release(self) -> None:
        self.lost = True
        self.leases.db.execute(
            "DELETE FROM leases WHERE name = ? AND owner = ?", (self.name, self.leases.owner)
        )


class Leases:
    """This process's side of the ``leases`` table."""

    def __init__(self, db: Database, ttl: float = LEASE_TTL, safety: float = SAFETY) -> None:
        self.db = db
        self.ttl = ttl
        self.safety = safety
        self.owner = process_owner()

    def try_take(self, name: str) -> Hold | None:
        """Take the lease unless another process holds it (a lapsed one is taken over).

        Within one process the caller excludes its own other requests (``UploadLocks``).
        """
        with self.db.transaction() as conn:
            started = time.monotonic()
            row = conn.execute(
                "SELECT owner, expires_at FROM leases WHERE name = ?", (name,)
            ).fetchone()
            t = now()
            if self._held_by_another(row, t):
                return None
            conn.execute(
                "INSERT INTO leases(name, owner, expires_at) VALUES (?, ?, ?)"
                " ON CONFLICT (name) DO UPDATE SET owner = excluded.owner,"
                " expires_at = excluded.expires_at, takeover = NULL",
                (name, self.owner, t + self.ttl),
            )
        inherited = row is not None and row["owner"] != self.owner
        return Hold(self, name, started, t, inherited)

    def free(self, name: str) -> bool:
        """Whether no other live process holds the lease (a read: a full disk allows it)."""
        row = self.db.one("SELECT owner, expires_at FROM leases WHERE name = ?", (name,))
        return not self._held_by_another(row, now())

    def _held_by_another(self, row: Row | None, t: float) -> bool:
        return (
            row is not None
            and row["owner"] != self.owner
            and row["expires_at"] > t
            and not gone(row["owner"])
        )

    def ask_takeover(self, name: str) -> None:
        """Ask the holder in another process to let go soon (it reads this at its next
        check): a client resuming on this process gave up on its old connection there."""
        self.db.execute(
            "UPDATE leases SET takeover = ? WHERE name = ? AND owner != ?",
            (self.owner, name, self.owner),
        )


class Leadership:
    """The ``leader`` lease: one process runs the cluster-wide duties (expiry sweep, purge).

    :meth:`keep` tries to take it, or renews it, every :data:`RENEW_EVERY` seconds; another
    process takes over at most ``LEASE_TTL + RENEW_EVERY`` seconds after the leader died.
    """

    def __init__(self, leases: Leases) -> None:
        self.leases = leases
        self.hold: Hold | None = None

    def leading(self) -> bool:
        return self.hold is not None and self.hold.valid()

    def tick(self) -> None:
        """Renew the leadership, or try to take it (in a worker thread)."""
        if self.hold is not None and not (self.hold.valid() and self.hold.renew()):
            self.hold = None
            log.warning("this process (%s) no longer leads the sweep", self.leases.owner)
        if self.hold is None:
            self.hold = self.leases.try_take(LEADER)
            if self.hold is not None:
                log.info("this process (%s) leads the sweep and purge", self.leases.owner)

    async def keep(self) -> None:
        while True:
            try:
                await asyncio.to_thread(self.tick)
            except Exception:
                log_failure(log, "renewing the leader lease")
            await asyncio.sleep(RENEW_EVERY)

    async def wait(self) -> None:
        """Return once this process leads."""
        while not self.leading():
            await asyncio.sleep(RENEW_EVERY / 4)

    def step_down(self) -> None:
        """At shutdown: let another process lead at once rather than after the TTL."""
        if self.hold is not None:
            self.hold.release()
            self.hold = None
