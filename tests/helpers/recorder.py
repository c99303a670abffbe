"""Engine test helpers: an observer that records every event, and a running-engine context."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from noomus_desktop.core.destination import Destination
from noomus_desktop.core.engine import (
    BatchSummary,
    EngineSettings,
    ScanProblem,
    TransferEngine,
    TransferRecord,
)
from noomus_desktop.core.queue import TransferStore

#: Small and fast: tests shrink chunks, stall timeout and backoff.
FAST = EngineSettings(
    chunk_size=256 * 1024,
    small_file_size=64 * 1024,
    stall_timeout=2.0,
    connect_timeout=2.0,
    backoff_initial=0.05,
    backoff_max=0.5,
    max_attempts=8,
)


class Recorder:
    """Every observer call, kept in order (thread-safe)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.added: list[TransferRecord] = []
        self.changes: list[TransferRecord] = []
        self.progress: list[tuple[int, int, int, float, float | None, float]] = []
        self.problems: list[ScanProblem] = []
        self.batches: list[BatchSummary] = []
        self.attention: list[tuple[str, str]] = []
        self.cleared: list[str] = []

    def on_added(self, records: Sequence[TransferRecord]) -> None:
        with self.lock:
            self.added.extend(records)

    def on_changed(self, record: TransferRecord) -> None:
        with self.lock:
            self.changes.append(record)

    def on_progress(
        self, transfer_id: int, sent: int, total: int, speed: float, eta: float | None
    ) -> None:
        with self.lock:
            self.progress.append((transfer_id, sent, total, speed, eta, time.monotonic()))

    def on_problems(self, batch_id: str, problems: Sequence[ScanProblem]) -> None:
        with self.lock:
            self.problems.extend(problems)

    def on_batch_finished(self, summary: BatchSummary) -> None:
        with self.lock:
            self.batches.append(summary)

    def on_attention(self, code: str, message: str) -> None:
        with self.lock:
            self.attention.append((code, message))

    def on_attention_cleared(self, code: str) -> None:
        with self.lock:
            self.cleared.append(code)

    def states(self, transfer_id: int) -> list[str]:
        with self.lock:
            return [r.state.value for r in self.changes if r.id == transfer_id]


def wait_until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.02)


@contextmanager
def running_engine(
    destination: Destination,
    settings: EngineSettings = FAST,
    store: TransferStore | None = None,
) -> Iterator[tuple[TransferEngine, Recorder]]:
    """A started engine with a recorder; shut down (and its store closed) afterwards."""
    store = store or TransferStore()
    recorder = Recorder()
    engine = TransferEngine(store, destination, recorder, settings)
    engine.start()
    try:
        yield engine, recorder
    finally:
        engine.shutdown(wait=True)
        store.close()
