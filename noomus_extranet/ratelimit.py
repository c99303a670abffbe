"""Sliding-window rate limits (login per IP, per user ID and per device, report-lost and
daily locks per IP), counted in the database so that every server process sharing it sees the
same count: a guesser gets the same number of tries whichever process answers.

One row per attempt still in its window (``rate_hits``); a check and its count are one
transaction (``Database.transaction()``: the cluster-wide writer lock), so parallel attempts,
in one process or several, cannot all pass the check. Rows leave when their window has passed
(each attempt prunes its scope), so the table holds at most the attempts of one window.

On a full disk a row cannot be written, and the space reserve is for locks, not for counting
guesses: an attempt is then counted in the process's memory on top of the rows, so a full disk
neither lifts a limit nor turns a sign-in or a lost-password report into a 5xx (the limit is
per process only while the disk stays full).
"""

from __future__ import annotations

import ipaddress
import math
import secrets
import threading

from noomus_extranet.config import RateLimit
from noomus_extranet.db import Connection, Database, DatabaseError, now
from noomus_extranet.errors import rate_limited
from noomus_extranet.reserve import is_disk_full

#: Keys counted in memory while the disk is full, at most (then forgotten all at once).
MAX_FULL_DISK_KEYS = 100_000


def address_key(ip: str) -> str:
    """What a per-address limit counts: an IPv4 address, or the /64 an IPv6 address is in.

    One IPv6 customer line holds a whole /64 (2^64 addresses): counted per address, anyone
    with one could rotate through them past every per-IP limit.
    """
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


class RateLimiter:
    """Counts attempts per key in one ``scope``; refuses with ``rate_limited`` once a key is
    over its limit."""

    def __init__(self, db: Database, scope: str, limit: RateLimit) -> None:
        self.db = db
        self.scope = scope
        self.limit = limit
        #: Attempts this process counted while the disk was too full for a database row.
        self._full_disk: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> str:
        """Check and count one attempt at once, so parallel attempts cannot all pass the check.

        Returns the attempt's stamp for ``give_back`` (an attempt that turned out not to count).
        """
        stamp = secrets.token_hex(8)
        try:
            with self.db.transaction() as conn:
                t = now()
                conn.execute(
                    "DELETE FROM rate_hits WHERE scope = ? AND stamp <= ?",
                    (self.scope, t - self.limit.window),
                )
                self._check(conn, key, t, 0)
                conn.execute(
                    "INSERT INTO rate_hits(id, scope, subject, stamp) VALUES (?, ?, ?, ?)",
                    (stamp, self.scope, key, t),
                )
            return stamp
        except (DatabaseError, OSError) as exc:
            if not is_disk_full(exc):
                raise
        # A full disk: the attempt is counted in this process, on top of the database's count
        # (still read), until rows fit again; never given back (the safe side).
        with self._lock:
            t = now()
            recent = [s for s in self._full_disk.get(key, []) if s > t - self.limit.window]
            self._check(self.db.connection(), key, t, len(recent))
            if key not in self._full_disk and len(self._full_disk) >= MAX_FULL_DISK_KEYS:
                self._full_disk.clear()  # bounded memory over counting every key forever
            self._full_disk[key] = [*recent, t]
        return stamp

    def _check(self, conn: Connection, key: str, t: float, more: int) -> None:
        """``rate_limited`` if the key's attempts in the window (and ``more``) reach the limit."""
        row = conn.execute(
            "SELECT COUNT(*) AS n, MIN(stamp) AS oldest FROM rate_hits"
            " WHERE scope = ? AND subject = ? AND stamp > ?",
            (self.scope, key, t - self.limit.window),
        ).fetchone()
        if row["n"] + more >= self.limit.attempts:
            oldest = row["oldest"] if row["oldest"] is not None else t
            raise rate_limited(max(1, math.ceil(oldest + self.limit.window - t)))

    def give_back(self, key: str, stamp: str) -> None:
        """Uncount an attempt taken with ``take`` (it succeeded or failed for another reason)."""
        try:
            self.db.execute(
                "DELETE FROM rate_hits WHERE id = ? AND scope = ? AND subject = ?",
                (stamp, self.scope, key),
            )
        except (DatabaseError, OSError) as exc:
            if not is_disk_full(exc):
                raise  # on a full disk the attempt stays counted (the safe side)

    def exhausted(self, key: str) -> bool:
        """Whether the next ``take`` for ``key`` would be refused."""
        row = self.db.one(
            "SELECT COUNT(*) AS n FROM rate_hits WHERE scope = ? AND subject = ? AND stamp > ?",
            (self.scope, key, now() - self.limit.window),
        )
        return row is not None and row["n"] >= self.limit.attempts

    def reset(self, key: str) -> None:
        self.db.execute("DELETE FROM rate_hits WHERE scope = ? AND subject = ?", (self.scope, key))
