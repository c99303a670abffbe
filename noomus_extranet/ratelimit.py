"""In-memory sliding-window rate limits (login per IP and per user ID, report-lost per IP)."""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections import deque

from noomus_extranet.config import RateLimit
from noomus_extranet.errors import rate_limited


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
    """Counts attempts per key; refuses with ``rate_limited`` once a key is over its limit."""

    def __init__(self, limit: RateLimit, max_keys: int = 100_000) -> None:
        self.limit = limit
        self.max_keys = max_keys
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """Check and count one attempt at once, so parallel attempts cannot all pass the check.

        Returns the attempt's stamp for ``give_back`` (an attempt that turned out not to count).
        """
        with self._lock:
            t = time.monotonic()
            if key not in self._hits and len(self._hits) >= self.max_keys:
                self._prune(t)  # only a new key makes room (a scan of every key)
            hits = self._recent(key, t)
            if len(hits) >= self.limit.attempts:
                raise rate_limited(max(1, math.ceil(hits[0] + self.limit.window - t)))
            hits.append(t)
            return t

    def give_back(self, key: str, stamp: float) -> None:
        """Uncount an attempt taken with ``take`` (it succeeded or failed for another reason)."""
        with self._lock:
            hits = self._hits.get(key)
            if hits is not None and stamp in hits:
                hits.remove(stamp)

    def exhausted(self, key: str) -> bool:
        """Whether the next ``take`` for ``key`` would be refused."""
        with self._lock:
            return len(self._recent(key, time.monotonic())) >= self.limit.attempts

    def reset(self, key: str) -> None:
        with self._lock:
            self._hits.pop(key, None)

    def _recent(self, key: str, t: float) -> deque[float]:
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= t - self.limit.window:
            hits.popleft()
        return hits

    def _prune(self, t: float) -> None:
        for key in list(self._hits):
            if not self._recent(key, t):
                del self._hits[key]
        if len(self._hits) >= self.max_keys:  # still full of live keys: forget the oldest
            oldest = min(self._hits, key=lambda k: self._hits[k][-1])
            del self._hits[oldest]
