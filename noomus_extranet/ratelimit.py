"""In-memory sliding-window rate limits (login per IP and per user ID, report-lost per IP)."""

from __future__ import annotations

import math
import threading
import time
from collections import deque

from noomus_extranet.config import RateLimit
from noomus_extranet.errors import rate_limited


class RateLimiter:
    """Counts attempts per key; refuses with ``rate_limited`` once a key is over its limit."""

    def __init__(self, limit: RateLimit, max_keys: int = 100_000) -> None:
        self.limit = limit
        self.max_keys = max_keys
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> None:
        """Raise ``rate_limited`` (with ``Retry-After``) if ``key`` may not try now."""
        with self._lock:
            hits = self._recent(key, time.monotonic())
            if len(hits) >= self.limit.attempts:
                wait = hits[0] + self.limit.window - time.monotonic()
                raise rate_limited(max(1, math.ceil(wait)))

    def hit(self, key: str) -> None:
        with self._lock:
            t = time.monotonic()
            if len(self._hits) >= self.max_keys and key not in self._hits:
                self._prune(t)
            self._recent(key, t).append(t)

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
