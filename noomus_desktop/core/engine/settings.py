"""The engine's tuning knobs."""

from __future__ import annotations

import random
from dataclasses import dataclass

import httpx


@dataclass(frozen=True)
class EngineSettings:
    """Tuning knobs; the defaults suit real networks, tests shrink the times."""

    concurrency: int = 3
    #: Extra transfers that take only small files: these wait on round trips, not on
    #: bandwidth, so a folder of many small files is not held to ``concurrency`` at a time.
    small_file_lanes: int = 3
    #: Bytes per PATCH request: an interruption re-sends at most this much.
    chunk_size: int = 64 * 1024 * 1024
    #: Files whose ciphertext fits are sent in the creation request (creation-with-upload),
    #: all but their last byte: see ``TransferEngine._upload_for``.
    small_file_size: int = 4 * 1024 * 1024
    #: No byte moving for this long aborts the request and retries.
    stall_timeout: float = 30.0
    connect_timeout: float = 15.0
    backoff_initial: float = 1.0
    backoff_max: float = 60.0
    #: Automatic attempts before a transient error fails the transfer (``None``: forever).
    max_attempts: int | None = 12
    progress_interval: float = 0.1

    def timeout(self) -> httpx.Timeout:
        """Stall detection: a connect, write or read with no progress for this long fails."""
        return httpx.Timeout(self.stall_timeout, connect=self.connect_timeout)

    def backoff(self, attempt: int, retry_after: float | None) -> float:
        """Exponential backoff with jitter, capped; at least what the server asked."""
        ceiling = min(self.backoff_max, self.backoff_initial * 2.0 ** max(0, attempt - 1))
        delay = ceiling * random.uniform(0.5, 1.0)  # noqa: S311 (jitter, not security)
        return max(delay, retry_after or 0.0)
