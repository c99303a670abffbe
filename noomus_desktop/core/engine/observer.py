"""What the engine tells its face (the window or ``noomus-upload``): the observer protocol and
the values it carries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from noomus_desktop.core.queue import TransferRecord
from noomus_desktop.core.scan import ScanProblem


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
        """Every transfer of a batch has settled (done, failed or cancelled).

        Once per batch; again only if a retry reopens it. Not sent for a batch with no file.
        """

    def on_attention(self, code: str, message: str) -> None:
        """Something the user must act on stopped every transfer (account locked, disabled,
        session ended, service suspended). Transfers are paused; ``resume_all`` continues."""

    def on_attention_cleared(self, code: str) -> None:
        """The stop ``code`` of :meth:`on_attention` ended without the user (Noomus resumed
        the service), and what it paused is sending again: the face drops its warning."""


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

    def on_attention_cleared(self, code: str) -> None:
        pass
