"""Adapts the engine's observer (called on worker threads) to Qt signals in the GUI thread.

Worker threads only append to a locked buffer and, for the first event of a burst, wake the
GUI thread with a queued signal. The GUI thread then drains the whole buffer after a short
pause, so a folder of 10,000 files or four fast uploads cost a handful of slot calls per
second rather than one per event.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from noomus_desktop.core.engine import BatchSummary, ScanProblem
from noomus_desktop.core.queue import TransferRecord

#: How long the GUI thread lets events pile up before handling them (ms).
DRAIN_INTERVAL_MS = 100


@dataclass(frozen=True)
class Progress:
    transfer_id: int
    sent: int
    total: int
    speed: float
    eta: float | None


class EngineBridge(QObject):
    """A thread-safe ``TransferObserver`` whose events come out as batched GUI-thread signals.

    ``added``/``changed`` carry lists of ``TransferRecord`` (changed: the latest per transfer,
    in order), ``progressed`` a list of ``Progress``; ``drained`` follows each batch of them.
    """

    added = Signal(list)
    changed = Signal(list)
    progressed = Signal(list)
    problems = Signal(str, list)
    batch_finished = Signal(object)
    attention = Signal(str, str)
    attention_cleared = Signal(str)
    drained = Signal()
    _wake = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._added: list[TransferRecord] = []
        self._changed: dict[int, TransferRecord] = {}
        self._progress: dict[int, Progress] = {}
        self._others: list[tuple[str, tuple[object, ...]]] = []
        self._scheduled = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DRAIN_INTERVAL_MS)
        self._timer.timeout.connect(self.drain)
        self._wake.connect(self._timer.start, Qt.ConnectionType.QueuedConnection)

    # -- TransferObserver (any thread) ------------------------------------------------------

    def on_added(self, records: Sequence[TransferRecord]) -> None:
        with self._lock:
            self._added.extend(records)
            self._schedule_locked()

    def on_changed(self, record: TransferRecord) -> None:
        with self._lock:
            self._changed.pop(record.id, None)  # keep arrival order of the latest change
            self._changed[record.id] = record
            self._schedule_locked()

    def on_progress(
        self, transfer_id: int, sent: int, total: int, speed: float, eta: float | None
    ) -> None:
        with self._lock:
            self._progress[transfer_id] = Progress(transfer_id, sent, total, speed, eta)
            self._schedule_locked()

    def on_problems(self, batch_id: str, problems: Sequence[ScanProblem]) -> None:
        self._other("problems", batch_id, list(problems))

    def on_batch_finished(self, summary: BatchSummary) -> None:
        self._other("batch_finished", summary)

    def on_attention(self, code: str, message: str) -> None:
        self._other("attention", code, message)

    def on_attention_cleared(self, code: str) -> None:
        self._other("attention_cleared", code)

    def _other(self, name: str, *args: object) -> None:
        with self._lock:
            self._others.append((name, args))
            self._schedule_locked()

    def _schedule_locked(self) -> None:
        if not self._scheduled:
            self._scheduled = True
            self._wake.emit()

    # -- GUI thread -----------------------------------------------------------------------------

    def drain(self) -> None:
        """Emit everything buffered so far (called by the timer; tests may call it directly)."""
        with self._lock:
            added, self._added = self._added, []
            changed, self._changed = list(self._changed.values()), {}
            progress, self._progress = list(self._progress.values()), {}
            others, self._others = self._others, []
            self._scheduled = False
        if added:
            self.added.emit(added)
        if changed:
            self.changed.emit(changed)
        if progress:
            self.progressed.emit(progress)
        for name, args in others:
            getattr(self, name).emit(*args)
        self.drained.emit()
