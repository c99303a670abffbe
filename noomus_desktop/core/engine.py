"""The transfer engine: worker threads that encrypt and send queued files, and report.

The GUI and ``noomus-upload`` are two faces of this one class. Every public method returns
at once (no I/O, no crypto on the caller's thread): scanning, fingerprinting, encryption
and network work happen on the engine's own threads, which report through a
:class:`TransferObserver`. Every state is persisted in the :class:`TransferStore` before it
is reported, so a killed process resumes where the server says it stopped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from noomus_desktop.core.destination import Destination
from noomus_desktop.core.queue import TransferRecord, TransferState, TransferStore

__all__ = [
    "AddResult",
    "BatchSummary",
    "EngineSettings",
    "NullObserver",
    "ScanProblem",
    "TransferEngine",
    "TransferObserver",
    "TransferRecord",
    "TransferState",
]


@dataclass(frozen=True)
class ScanProblem:
    """A dropped entry that will not be sent, and why (``code`` as in error codes)."""

    path: str
    code: str
    message: str


@dataclass(frozen=True)
class BatchSummary:
    """The outcome of a batch (the files added by one ``add_paths`` call)."""

    batch_id: str
    delivered: int
    failed: int
    cancelled: int


@dataclass(frozen=True)
class AddResult:
    """What ``add_paths`` can say at once; the files arrive later through ``on_added``."""

    batch_id: str


class TransferObserver(Protocol):
    """Engine events. Called from engine threads: implementations must be thread-safe.

    The UI turns each call into a queued Qt signal; the CLI draws a progress bar. Calls for
    one transfer arrive in order. No call blocks the engine for long: do not do I/O here.
    """

    def on_added(self, records: Sequence[TransferRecord]) -> None:
        """New transfers (also the unfinished ones loaded from the store by ``start``)."""

    def on_changed(self, record: TransferRecord) -> None:
        """A transfer changed state, error, batch or confirmed offset."""

    def on_progress(
        self, transfer_id: int, sent: int, total: int, speed: float, eta: float | None
    ) -> None:
        """Bytes sent so far (ciphertext), rolling speed in bytes/s, seconds left if known.

        At most about 10 calls per second per transfer.
        """

    def on_problems(self, batch_id: str, problems: Sequence[ScanProblem]) -> None:
        """Entries of a batch that were skipped (special files, loops, unreadable entries)."""

    def on_batch_finished(self, summary: BatchSummary) -> None:
        """Every transfer of a batch has settled (done, failed or cancelled). Once per batch."""

    def on_attention(self, code: str, message: str) -> None:
        """Something the user must act on stopped every transfer (account locked, disabled,
        session ended, service suspended). Transfers are paused; ``resume_all`` continues."""


class NullObserver:
    """An observer that ignores everything: subclass it and override what you need."""

    def on_added(self, records: Sequence[TransferRecord]) -> None:
        pass

    def on_changed(self, record: TransferRecord) -> None:
        pass

    def on_progress(
        self, transfer_id: int, sent: int, total: int, speed: float, eta: float | None
    ) -> None:
        pass

    def on_problems(self, batch_id: str, problems: Sequence[ScanProblem]) -> None:
        pass

    def on_batch_finished(self, summary: BatchSummary) -> None:
        pass

    def on_attention(self, code: str, message: str) -> None:
        pass


@dataclass(frozen=True)
class EngineSettings:
    """Tuning knobs; the defaults suit real networks, tests shrink the times."""

    concurrency: int = 3
    #: Bytes per PATCH request: an interruption re-sends at most this much.
    chunk_size: int = 64 * 1024 * 1024
    #: Files whose ciphertext fits are sent in the creation request (creation-with-upload).
    small_file_size: int = 4 * 1024 * 1024
    #: No byte moving for this long aborts the request and retries.
    stall_timeout: float = 30.0
    connect_timeout: float = 15.0
    backoff_initial: float = 1.0
    backoff_max: float = 60.0
    #: Automatic attempts before a transient error fails the transfer (``None``: forever).
    max_attempts: int | None = 12
    progress_interval: float = 0.1


class TransferEngine:
    """Bounded-concurrency, persistent, resumable sending of files to one destination."""

    def __init__(
        self,
        store: TransferStore,
        destination: Destination,
        observer: TransferObserver,
        settings: EngineSettings | None = None,
    ) -> None:
        self._store = store
        self._destination = destination
        self._observer = observer
        self._settings = settings or EngineSettings()

    def start(self) -> None:
        """Start the threads; they load unfinished transfers (reported by ``on_added``)."""
        raise NotImplementedError

    def shutdown(self, wait: bool = True) -> None:
        """Stop the workers; unfinished transfers stay in the store for the next start."""
        raise NotImplementedError

    def add_paths(self, paths: Sequence[str]) -> AddResult:
        """Queue files and folders (a new batch). Scans and dedups on an engine thread."""
        raise NotImplementedError

    def pause(self, transfer_id: int) -> None:
        """Stop sending this transfer (the request in flight is aborted); keep its place."""
        raise NotImplementedError

    def resume(self, transfer_id: int) -> None:
        """Queue a paused transfer again."""
        raise NotImplementedError

    def cancel(self, transfer_id: int) -> None:
        """Give up this transfer and ask the server to delete its partial upload."""
        raise NotImplementedError

    def retry(self, transfer_id: int) -> None:
        """Queue a failed transfer again (a changed file is fingerprinted afresh)."""
        raise NotImplementedError

    def pause_all(self) -> None:
        raise NotImplementedError

    def resume_all(self) -> None:
        raise NotImplementedError

    def clear_finished(self) -> None:
        """Drop done and cancelled transfers from the queue (the history keeps deliveries)."""
        raise NotImplementedError

    def snapshot(self) -> list[TransferRecord]:
        """Every transfer this engine knows, from memory (no I/O: safe on the GUI thread)."""
        raise NotImplementedError

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until nothing is pending (all settled or paused). For the CLI and tests."""
        raise NotImplementedError
