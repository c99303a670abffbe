"""The persistent queue: survives reopening (and a killed process), keeps secrets apart."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from noomus_desktop.core import paths
from noomus_desktop.core.queue import TransferState, TransferStore
from noomus_desktop.core.scan import ScannedFile


def _file(name: str, size: int = 10) -> ScannedFile:
    return ScannedFile(f"/data/{name}", name, size, 123)


def test_transfers_round_trip_and_filter_by_destination_and_state() -> None:
    store = TransferStore()
    added = store.add("batch-1", "https://x/uploads/", [_file("a"), _file("b", 20)])
    elsewhere = store.add("batch-2", "https://other/", [_file("b", 20)])
    assert [r.state for r in added] == [TransferState.QUEUED] * 2
    store.update(added[0].id, state=TransferState.UPLOADING, upload_url="https://x/u/1", offset=5)
    store.close()

    again = TransferStore()
    first = again.get(added[0].id)
    assert first.state is TransferState.UPLOADING
    assert (first.upload_url, first.offset) == ("https://x/u/1", 5)
    # What the engine takes over at start: one destination's transfers, in the order added.
    assert again.transfers("https://x/uploads/") == [first, again.get(added[1].id)]
    assert again.transfers("https://other/") == [again.get(elsewhere[0].id)]
    again.update(added[1].id, state=TransferState.DONE)
    unfinished = [r for r in again.transfers("https://x/uploads/") if not r.state.finished]
    assert [r.id for r in unfinished] == [added[0].id]
    assert [r.id for r in again.transfers(states=[TransferState.DONE])] == [added[1].id]
    with pytest.raises(ValueError, match="not updatable"):
        again.update(added[0].id, batch_id="other")
    again.close()


def test_history_is_newest_first_and_outlives_the_queue() -> None:
    store = TransferStore()
    records = store.add("b", "dest", [_file("old.txt"), _file("new.txt")])
    for record in records:
        store.deliver(record.id, delivery_id="7")
    store.remove(r.id for r in records)
    assert store.transfers() == []
    assert [h.relative_path for h in store.history()] == ["new.txt", "old.txt"]
    store.close()


def test_plan_file_is_private_and_goes_with_the_transfer() -> None:
    store = TransferStore()
    (record,) = store.add("b", "dest", [_file("a")])
    store.save_plan(record.id, b"secret plan bytes")
    plan_files = list(paths.data_dir().rglob("*.plan"))
    assert len(plan_files) == 1
    assert stat.S_IMODE(plan_files[0].stat().st_mode) == 0o600
    assert store.load_plan(record.id) == b"secret plan bytes"
    # The database itself never holds the secret.
    assert all(b"secret plan" not in p.read_bytes() for p in paths.data_dir().glob("*.sqlite3*"))
    store.remove([record.id])
    assert store.load_plan(record.id) is None and not list(paths.data_dir().rglob("*.plan"))
    store.close()


_WRITER = """
import os, signal, sys
from noomus_desktop.core.queue import TransferState, TransferStore
from noomus_desktop.core.scan import ScannedFile
store = TransferStore()
(r,) = store.add("b", "dest", [ScannedFile("/f", "f", 1, 1)])
store.update(r.id, state=TransferState.UPLOADING, offset=42)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_committed_state_survives_kill_9(noomus_home: Path) -> None:
    child = subprocess.run([sys.executable, "-c", _WRITER], env=os.environ.copy(), check=False)
    assert child.returncode == -9
    store = TransferStore()
    (record,) = store.transfers()
    assert (record.state, record.offset) == (TransferState.UPLOADING, 42)
    store.close()


def test_opening_the_store_tightens_the_plans_and_drops_crash_leftovers(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir(mode=0o755)
    plans.chmod(0o755)
    old_plan = plans / "7.plan"
    old_plan.write_bytes(b"secret")
    old_plan.chmod(0o644)
    leftover = plans / ".7.plan.0123456789abcdef.tmp"
    leftover.write_bytes(b"secret half-written")
    TransferStore(tmp_path / "transfers.sqlite3").close()
    assert stat.S_IMODE(plans.stat().st_mode) == 0o700
    assert stat.S_IMODE(old_plan.stat().st_mode) == 0o600
    assert not leftover.exists()
    assert old_plan.read_bytes() == b"secret"


def test_changes_that_could_cause_a_second_upload_are_committed_with_a_full_sync() -> None:
    """The upload's URL, the plan's figures, the delivery: each UPDATE or INSERT writing one
    runs under ``synchronous=FULL`` (fsync before the commit returns); a mere offset does
    not pay for it. Read from SQLite's own statement trace, so the test fails if the
    pragma around these writes goes."""
    store = TransferStore()
    (record,) = store.add("b", "https://x/files/", [_file("a.txt")])
    statements: list[str] = []
    store._db.set_trace_callback(statements.append)  # the statements sent

    def full_when(write: str) -> list[bool]:
        full, seen = False, []
        for statement in statements:
            if statement.startswith("PRAGMA synchronous="):
                full = statement.endswith("FULL")
            elif statement.startswith(write):
                seen.append(full)
        return seen

    store.update(record.id, upload_url="https://x/files/1", total=99, sha256="ab" * 32)
    store.update(record.id, offset=10)
    store.deliver(record.id, delivery_id="7")
    store.close()
    assert full_when("UPDATE") == [True, False, True]
    assert full_when("INSERT INTO history") == [True]


def test_a_delivery_and_its_history_entry_are_one_commit() -> None:
    """``DONE`` and the history row go in one transaction: one fsync per delivered file, not
    two (small files pay it per file), and no crash between them. Read from SQLite's own
    statement trace, so the test fails if they become two commits again."""
    store = TransferStore()
    (record,) = store.add("b", "https://x/files/", [_file("a.txt")])
    statements: list[str] = []
    store._db.set_trace_callback(statements.append)
    done = store.deliver(record.id, delivery_id="7")
    store.close()
    writes = [s.split()[0] for s in statements if not s.startswith(("PRAGMA", "SELECT"))]
    assert writes == ["BEGIN", "UPDATE", "INSERT", "COMMIT"]
    assert (done.state, done.delivery_id) == (TransferState.DONE, "7")
    assert [h.transfer_id for h in TransferStore().history()] == [record.id]
