"""The small-file lanes' byte budget (``EngineSettings.small_lanes_bytes``), made deterministic:
the scheduler's own claims (``_next``) and hand-backs (``_finish``) on a queue of given sizes,
without workers or a server (the end-to-end count of lanes at work is
``tests/integration/test_engine_tusnode.py::test_small_file_lanes_hold_a_bounded_number_of_bytes``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from noomus_desktop.core.crypto import generate_identity
from noomus_desktop.core.destination import Destination
from noomus_desktop.core.engine import NullObserver, TransferEngine
from noomus_desktop.core.queue import TransferRecord, TransferStore
from noomus_desktop.core.scan import ScannedFile

MIB = 1024 * 1024


@pytest.fixture
def queue_of(tmp_path: Path) -> Iterator[object]:
    """An engine (workers not started) whose queue holds files of the given sizes."""
    made: list[tuple[TransferEngine, TransferStore]] = []

    def make(sizes: Sequence[int]) -> tuple[TransferEngine, list[int]]:
        store = TransferStore(tmp_path / "transfers.sqlite3")
        destination = Destination.plain_tus(
            "http://127.0.0.1:9/files/", [str(generate_identity().recipient())]
        )
        files = [
            ScannedFile(str(tmp_path / f"{n}.bin"), f"{n}.bin", size, 0)
            for n, size in enumerate(sizes)
        ]
        store.add("batch", destination.key, files)
        engine = TransferEngine(store, destination, NullObserver())
        engine._load()  # what start() does first
        made.append((engine, store))
        return engine, sorted(engine._records)

    yield make
    for engine, store in made:
        engine.shutdown()
        store.close()


def _claim(engine: TransferEngine) -> TransferRecord:
    claimed = engine._next(True)
    assert claimed is not None
    return claimed[0]


def test_a_small_file_that_does_not_fit_is_not_passed_by_newer_ones(queue_of: object) -> None:
    """The oldest small file waits for room (the budget is 8 MiB) while newer files that
    would fit stay behind it: otherwise they could keep it waiting for as long as they come."""
    engine, ids = queue_of([2_100_000] * 3 + [4 * MIB] + [2_100_000] * 5)  # type: ignore[operator]
    first = [_claim(engine).id for _ in range(3)]
    assert first == ids[:3]
    engine._finish(first[0], None)  # 4.2 MB held: 4 MiB more would not fit, 2.1 MB would
    claimed: list[TransferRecord] = []
    lane = threading.Thread(target=lambda: claimed.append(_claim(engine)), daemon=True)
    lane.start()
    lane.join(0.5)
    assert claimed == []
    engine._finish(first[1], None)  # 2.1 MB held: room for it now
    lane.join(10)
    assert [r.id for r in claimed] == [ids[3]]


def test_the_budget_counts_a_file_as_it_is_sent(queue_of: object) -> None:
    """A file that grew since it was queued is held at the size the pipeline found (``_set``
    with ``size``), so the lanes do not take more than the budget in memory; but one that
    grew past a small file's size is streamed, not held whole, and counts as a small file
    (it must not keep the lanes waiting for its whole upload)."""
    engine, ids = queue_of([100, 100, 4 * MIB])  # type: ignore[operator]
    grown, _ = _claim(engine), _claim(engine)
    assert engine._fits_small_lane(ids[2])
    engine._set(grown.id, size=4 * MIB)  # what _fresh writes after its stat
    assert not engine._fits_small_lane(ids[2])
    engine._set(grown.id, size=10 * 1024 * MIB)
    assert engine._small_lanes_hold[grown.id] == engine._settings.small_file_size
