"""Quit, pause and cancel early in a long transfer take effect within about a second.

A 2 GiB sparse file takes tens of seconds to send (delivery format 2 streams it: there is no
fingerprinting pass any more, the reading, hashing and sealing happen as bytes are sent). The
user quits, pauses or cancels one second into it, against the reference extranet on
loopback; the engine must let go within :data:`BOUND` seconds, and the transfer must still
be there to resume and deliver. To keep the test short, the user then puts a small file in
place of the big one before resuming: a pass that was interrupted left nothing to reuse, so
the resumed transfer fingerprints the file as it is then.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from noomus_desktop.core.account import Account
from noomus_desktop.core.destination import Destination
from noomus_desktop.core.engine import TransferEngine, TransferRecord, TransferState
from noomus_desktop.core.queue import TransferStore
from tests.helpers import agecli
from tests.helpers.recorder import FAST, Recorder, running_engine, wait_until
from tests.helpers.server import RunningExtranet
from tests.integration.test_engine_extranet import _delivered, _signed_in

pytestmark = agecli.requires_age

GIB = 1024**3
#: "About a second": the engine's grace plus scheduling slack on a busy machine.
BOUND = 1.5
_ENGINE_THREADS = ("noomus-transfer", "noomus-small", "noomus-hash", "noomus-intake")


@pytest.fixture
def account(extranet: RunningExtranet) -> Iterator[Account]:
    account = _signed_in(extranet.url, extranet)
    yield account
    account.close()


def _fingerprinting(tmp_path: Path, engine: TransferEngine, seen: Recorder) -> tuple[Path, int]:
    """Drop a 2 GiB sparse file and return once its fingerprinting pass is a second old."""
    big = tmp_path / "big.bin"
    with big.open("wb") as file:
        file.truncate(2 * GIB)
    engine.add_paths([str(big)])
    wait_until(lambda: bool(seen.added) and "preparing" in seen.states(seen.added[0].id))
    time.sleep(1.0)  # well into a pass that lasts tens of seconds
    (record,) = engine.snapshot()
    assert record.state in (TransferState.PREPARING, TransferState.UPLOADING)
    assert record.sha256 is None
    return big, record.id


def _within_bound(act: Callable[[int], None], seen: Recorder, transfer_id: int, state: str) -> None:
    """``act`` on the transfer; it must reach ``state`` within :data:`BOUND` seconds."""
    started = time.monotonic()
    act(transfer_id)
    wait_until(lambda: seen.states(transfer_id)[-1] == state, timeout=BOUND)
    took = time.monotonic() - started
    assert took < BOUND, f"{state} took {took:.1f} s"


def _make_small(path: Path) -> bytes:
    data = os.urandom(300_000)
    path.write_bytes(data)
    return data


def _assert_delivered(server: RunningExtranet, record: TransferRecord, data: bytes) -> None:
    assert record.state is TransferState.DONE and record.delivery_id is not None
    assert agecli.decrypt(_delivered(server, record), server.identity_file) == data


def test_quit_during_fingerprinting_returns_within_a_second_and_restart_delivers(
    extranet: RunningExtranet, account: Account, tmp_path: Path
) -> None:
    destination = Destination.noomus(account)
    store = TransferStore()
    seen = Recorder()
    engine = TransferEngine(store, destination, seen, FAST)
    engine.start()
    try:
        big, transfer_id = _fingerprinting(tmp_path, engine, seen)
        threads = [t for t in threading.enumerate() if t.name.startswith(_ENGINE_THREADS)]
    finally:
        started = time.monotonic()
        engine.shutdown(wait=True)
        took = time.monotonic() - started
        store.close()
    assert took < BOUND, f"quit waited {took:.1f} s for the engine"
    # The pass really stopped: no engine thread was merely left behind.
    assert [t.name for t in threads if t.is_alive()] == []

    data = _make_small(big)
    with running_engine(destination, store=TransferStore()) as (engine, _):
        assert engine.wait_idle(60)
        (record,) = engine.snapshot()
    assert record.id == transfer_id
    _assert_delivered(extranet, record, data)


def test_pause_during_fingerprinting_takes_effect_within_a_second_and_resume_delivers(
    extranet: RunningExtranet, account: Account, tmp_path: Path
) -> None:
    with running_engine(Destination.noomus(account)) as (engine, seen):
        big, transfer_id = _fingerprinting(tmp_path, engine, seen)
        _within_bound(engine.pause, seen, transfer_id, "paused")

        data = _make_small(big)
        engine.resume(transfer_id)
        assert engine.wait_idle(60)
        (record,) = engine.snapshot()
    _assert_delivered(extranet, record, data)


def test_cancel_during_fingerprinting_takes_effect_within_a_second(
    account: Account, tmp_path: Path
) -> None:
    with running_engine(Destination.noomus(account)) as (engine, seen):
        _, transfer_id = _fingerprinting(tmp_path, engine, seen)
        _within_bound(engine.cancel, seen, transfer_id, "cancelled")
