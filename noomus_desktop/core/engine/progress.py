"""Progress metering: throttled reports with a rolling-average speed and time left."""

from __future__ import annotations

import time
from collections import deque


class Meter:
    """Throttled progress with a rolling-average speed (the last few seconds)."""

    WINDOW = 5.0

    def __init__(self, total: int, interval: float) -> None:
        self.total = total
        self._interval = interval
        self._samples: deque[tuple[float, int]] = deque()
        self._last_emit = 0.0

    def update(self, sent: int, *, force: bool = False) -> tuple[float, float | None] | None:
        now = time.monotonic()
        self._samples.append((now, sent))
        while len(self._samples) > 2 and now - self._samples[0][0] > self.WINDOW:
            self._samples.popleft()
        if not force and now - self._last_emit < self._interval:
            return None
        self._last_emit = now
        first_time, first_sent = self._samples[0]
        elapsed = now - first_time
        speed = (sent - first_sent) / elapsed if elapsed > 0 else 0.0
        eta = (self.total - sent) / speed if speed > 0 else None
        return speed, eta
