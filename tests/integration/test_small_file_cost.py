"""What one small file costs the queue: the durable writes are what limited many small
files at 20 ms RTT (``docs/performance.md``). Counted on a real engine sending into
@tus/server, from SQLite's own statement trace and the plan files actually written."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from noomus_desktop.core.crypto import generate_identity
from noomus_desktop.core.destination import Destination
from noomus_desktop.core.engine import TransferState
from noomus_desktop.core.queue import TransferStore
from tests.helpers.recorder import running_engine
from tests.helpers.tusnode import RunningTusNode, requires_tus_node

pytestmark = requires_tus_node
FILES = 4


class _CountingStore(TransferStore):
    """The real store, counting the plan writes of each transfer (each is two fsyncs)."""

    def __init__(self) -> None:
        super().__init__()
        self.plan_writes: Counter[int] = Counter()

    def save_plan(self, transfer_id: int, secret: bytes) -> None:
        self.plan_writes[transfer_id] += 1
        super().save_plan(transfer_id, secret)


def test_a_small_file_costs_two_full_sync_commits_and_one_plan_write(
    tus_node: RunningTusNode, tmp_path: Path
) -> None:
    """Its upload's URL (with its figures) and its delivery (with the history row): the two
    commits the queue's promises need (``docs/reliability.md``), not one per column set;
    and its plan once, with every tag (it is sealed whole before its request)."""
    for i in range(FILES):
        (tmp_path / f"f{i}.bin").write_bytes(os.urandom(10_000))
    store = _CountingStore()
    statements: list[str] = []
    store._db.set_trace_callback(statements.append)
    destination = Destination.plain_tus(tus_node.endpoint, [str(generate_identity().recipient())])
    with running_engine(destination, store=store) as (engine, _):
        engine.add_paths([str(tmp_path / f"f{i}.bin") for i in range(FILES)])
        assert engine.wait_idle(60)
        records = engine.snapshot()
        full_syncs = statements.count("PRAGMA synchronous=FULL")
        history = [h.transfer_id for h in store.history()]
    assert [r.state for r in records] == [TransferState.DONE] * FILES
    assert all(r.sha256 and r.total for r in records)  # the figures are stored all the same
    assert full_syncs == 2 * FILES
    assert sorted(store.plan_writes.values()) == [1] * FILES
    assert sorted(history) == sorted(r.id for r in records)
