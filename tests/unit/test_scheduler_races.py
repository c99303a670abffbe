"""Scheduler races that a full run hits only now and then, made deterministic.

The pipeline records a verified delivery (DONE) before its worker hands the outcome back to the
scheduler (``_finish``). A "Clear finished" or "Remove" that runs in between must leave that
transfer for the next clear: dropping it made the worker's ``_finish`` raise ``KeyError``
(seen as 2 failures in 5 runs of ``test_folder_is_delivered_and_decrypts_with_age``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from noomus_desktop.core.crypto import generate_identity
from noomus_desktop.core.destination import Destination
from noomus_desktop.core.engine import NullObserver, TransferEngine
from noomus_desktop.core.queue import TransferState, TransferStore
from noomus_desktop.core.scan import ScannedFile


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[TransferEngine]:
    store = TransferStore(tmp_path / "transfers.sqlite3")
    destination = Destination.plain_tus(
        "http://127.0.0.1:9/files/", [str(generate_identity().recipient())]
    )
    files = [ScannedFile(str(tmp_path / f"{n}.bin"), f"{n}.bin", 1, 0) for n in range(2)]
    store.add("batch", destination.key, files)
    engine = TransferEngine(store, destination, NullObserver())
    engine._load()  # what start() does first, without starting workers
    yield engine
    engine.shutdown()
    store.close()


@pytest.mark.parametrize("clear", ["clear_finished", "remove"])
def test_a_transfer_done_while_its_worker_runs_outlives_a_clear(
    engine: TransferEngine, clear: str
) -> None:
    running, idle = sorted(engine._records)
    for transfer_id in (running, idle):
        engine._records[transfer_id] = engine._store.update(transfer_id, state=TransferState.DONE)
    engine._running[running] = threading.Event()

    if clear == "clear_finished":
        engine._clear_finished()
    else:
        engine._remove_finished([running, idle])
    engine._finish(running, None)  # the worker hands back its outcome

    assert running in engine._records and idle not in engine._records
    engine._clear_finished()
    assert engine._records == {}


def test_a_call_racing_shutdown_is_dropped_not_raised(engine: TransferEngine) -> None:
    """A retry or a drop as the window quits: ``_submit`` saw the engine running, then
    ``shutdown`` closed the intake thread's executor before the chore reached it. The
    executor then raised ``RuntimeError`` into the caller (the GUI thread)."""
    executor = engine._chores
    real_submit = executor.submit
    stopper = threading.Thread(target=engine.shutdown, kwargs={"wait": False})

    def submit_as_shutdown_runs(function: object, *args: object) -> object:
        stopper.start()
        stopper.join(0.3)  # shutdown gets as far as it can before the chore is handed over
        return real_submit(function, *args)  # type: ignore[arg-type]

    executor.submit = submit_as_shutdown_runs  # type: ignore[method-assign,assignment]
    engine.retry(min(engine._records))  # raised RuntimeError before
    stopper.join(10)
    assert not stopper.is_alive()
    assert engine._stopping
