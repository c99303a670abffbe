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
    small_file_lanes: int = 5
    #: Bytes of the files the small-file lanes hold at once (each holds its file's plaintext
    #: and ciphertext in memory): tiny files use every lane, files near ``small_file_size``
    #: two of them, so memory stays bounded (peak RSS, ``docs/performance.md``).
    small_lanes_bytes: int = 8 * 1024 * 1024
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
    #: A transient error (offline, stalled, server busy) never fails a transfer by itself:
    #: it is retried, with backoff, for as long as the engine runs. These two bound that:
    #: attempts in a row with no progress confirmed by the server (``None``: no count), and
    #: seconds since the last confirmed progress (``None``: no time; the CLI's
    #: ``--give-up-after``). Confirmed progress resets both.
    max_attempts: int | None = None
    give_up_after: float | None = None
    progress_interval: float = 0.1

    def timeout(self) -> httpx.Timeout:
        """Stall detection: a connect, write or read with no progress for this long fails."""
        return httpx.Timeout(self.stall_timeout, connect=self.connect_timeout)

    def gives_up(self, attempts: int, troubled_for: float) -> bool:
        """Whether a transient error ends the transfer: ``attempts`` in a row failed, and the
        first of them ``troubled_for`` seconds ago, with no confirmed progress since."""
        return (self.max_attempts is not None and attempts >= self.max_attempts) or (
            self.give_up_after is not None and troubled_for >= self.give_up_after
        )

    def retry_delay(self, attempts: int, retry_after: float | None, troubled_for: float) -> float:
        """How long to wait before try ``attempts + 1``: the backoff, but the last try comes
        when ``give_up_after`` is up, not after it."""
        wait = self.backoff(attempts, retry_after)
        if self.give_up_after is not None:
            wait = min(wait, max(0.0, self.give_up_after - troubled_for))
        return wait

    def backoff(self, attempt: int, retry_after: float | None) -> float:
        """Exponential backoff with jitter, capped; at least what the server asked (which
        ``parse_retry_after`` has already cut to ``MAX_RETRY_AFTER``)."""
        ceiling = min(self.backoff_max, self.backoff_initial * 2.0 ** max(0, attempt - 1))
        delay = ceiling * random.uniform(0.5, 1.0)  # noqa: S311 (jitter, not security)
        return max(delay, retry_after or 0.0)
