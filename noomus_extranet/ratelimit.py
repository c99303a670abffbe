"""Sliding-window rate limits (login per IP, per user ID and per device, report-lost and
daily locks per IP), counted in the database so that every server process sharing it sees the
same count: a guesser gets the same number of tries whichever process answers.

One row per attempt still in its window (``rate_hits``); a check and its count are one
transaction (``Database.transaction()``: the cluster-wide writer lock), so parallel attempts,
in one process or several, cannot all pass the check. Rows leave when their window has passed
(each attempt prunes its scope), so the table holds at most the attempts of one window.
"""

from __future__ import annotations

import ipaddress
import math
import secrets
import sqlite3

from noomus_extranet.config import RateLimit
from noomus_extranet.db import Database, now
from noomus_extranet.errors import rate_limited
from noomus_extranet.reserve import write_security_state


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

    def __init__(self, db: Database, scope: str, limit: RateLimit, security: bool = False) -> None:
        self.db = db
        self.scope = scope
        self.limit = limit
        #: Counted even on a full disk (the space reserve): a lost-password report's limits,
        #: which must not stop the lock they guard.
        self.security = security

    def take(self, key: str) -> str:
        """Check and count one attempt at once, so parallel attempts cannot all pass the check.

        Returns the attempt's stamp for ``give_back`` (an attempt that turned out not to count).
        """
        stamp = secrets.token_hex(8)

        def count(conn: sqlite3.Connection) -> str:
            t = now()
            conn.execute(
                "DELETE FROM rate_hits WHERE scope = ? AND stamp <= ?",
                (self.scope, t - self.limit.window),
            )
            row = conn.execute(
                "SELECT COUNT(*) AS n, MIN(stamp) AS oldest FROM rate_hits"
                " WHERE scope = ? AND subject = ?",
                (self.scope, key),
            ).fetchone()
            if row["n"] >= self.limit.attempts:
                raise rate_limited(max(1, math.ceil(row["oldest"] + self.limit.window - t)))
            conn.execute(
                "INSERT INTO rate_hits(id, scope, subject, stamp) VALUES (?, ?, ?, ?)",
                (stamp, self.scope, key, t),
            )
            return stamp

        if self.security:
            return write_security_state(self.db, count)
        with self.db.transaction() as conn:
            return count(conn)

    def give_back(self, key: str, stamp: str) -> None:
        """Uncount an attempt taken with ``take`` (it succeeded or failed for another reason)."""
        self.db.execute(
            "DELETE FROM rate_hits WHERE id = ? AND scope = ? AND subject = ?",
            (stamp, self.scope, key),
        )

    def exhausted(self, key: str) -> bool:
        """Whether the next ``take`` for ``key`` would be refused."""
        row = self.db.one(
            "SELECT COUNT(*) AS n FROM rate_hits WHERE scope = ? AND subject = ? AND stamp > ?",
            (self.scope, key, now() - self.limit.window),
        )
        return row is not None and row["n"] >= self.limit.attempts

    def reset(self, key: str) -> None:
        self.db.execute("DELETE FROM rate_hits WHERE scope = ? AND subject = ?", (self.scope, key))
