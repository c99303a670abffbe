"""The transfer engine against a stock tus server (@tus/server, file store) on loopback.

What reaches the server is checked with the stock ``age`` CLI: it must decrypt every stored
upload byte-identically to the file sent. Faults come from a real TCP proxy between them.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
from pathlib import Path

import httpx
import pytest

from noomus_desktop.core.destination import Destination
from noomus_desktop.core.engine import (
    FORMAT_KEY,
    MANIFEST_FOR_KEY,
    MANIFEST_KEY,
    TransferRecord,
    TransferState,
)
from tests.helpers import agecli
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.recorder import FAST, running_engine, wait_until
from tests.helpers.tusnode import RunningTusNode

pytestmark = agecli.requires_age


@pytest.fixture
def identity(tmp_path: Path) -> tuple[Path, str]:
    key = tmp_path / "key.txt"
    return key, agecli.keygen(key)


def _stored_plaintext(server: RunningTusNode, record: TransferRecord, key: Path) -> bytes:
    assert record.upload_url is not None
    return agecli.decrypt(server.stored(record.upload_url), key)


def _infos(server: RunningTusNode) -> list[Path]:
    return sorted(p for p in server.directory.iterdir() if p.suffix == ".json")


def _is_manifest(info: Path) -> bool:
    return MANIFEST_FOR_KEY in json.loads(info.read_text())["metadata"]


def _uploads_on(server: RunningTusNode) -> list[Path]:
    """The data uploads (not the manifests, each its own small upload after its data)."""
    return [p for p in _infos(server) if not _is_manifest(p)]


def _manifests_on(server: RunningTusNode) -> list[Path]:
    return [p for p in _infos(server) if _is_manifest(p)]


def _slow_proxy(server: RunningTusNode, bandwidth: int) -> FaultProxy:
    proxy = FaultProxy(("127.0.0.1", server.port)).start()
    proxy.bandwidth = bandwidth
    return proxy


def test_folder_is_delivered_and_decrypts_with_age(
    tus_node: RunningTusNode, identity: tuple[Path, str], tmp_path: Path
) -> None:
    key, recipient = identity
    folder = tmp_path / "Reports"
    (folder / "2026" / "q1").mkdir(parents=True)
    contents = {
        "Reports/empty.txt": b"",
        "Reports/small.pdf": os.urandom(10_000),
        "Reports/2026/exact-chunk.bin": os.urandom(FAST.chunk_size),
        "Reports/2026/q1/large.bin": os.urandom(3 * FAST.chunk_size + 12_345),
    }
    for relative, data in contents.items():
        (tmp_path / relative).write_bytes(data)
    os.mkfifo(folder / "2026" / "pipe")
    (folder / "loop").symlink_to(folder)

    with running_engine(Destination.plain_tus(tus_node.endpoint, [recipient])) as (engine, seen):
        engine.add_paths([str(folder)])
        assert engine.wait_idle(60)
        records = engine.snapshot()
        engine.clear_finished()
        assert engine.wait_idle(10)
        assert engine.snapshot() == []

    assert sorted(r.relative_path for r in records) == sorted(contents)
    for record in records:
        assert record.state is TransferState.DONE, record
        assert _stored_plaintext(tus_node, record, key) == contents[record.relative_path]
    assert sorted(p.code for p in seen.problems) == ["special_file", "symlink_loop"]
    assert len(seen.batches) == 1
    assert (seen.batches[0].delivered, seen.batches[0].failed) == (len(contents), 0)
    # The file names travel only inside the encrypted manifests (docs/api.md, format 2): a
    # small file's in its creation metadata, a large file's as its own upload after its data.
    for info in _infos(tus_node):
        text = info.read_text()
        keys = [{FORMAT_KEY, MANIFEST_FOR_KEY}] if _is_manifest(info) else [{FORMAT_KEY}]
        if not _is_manifest(info):
            keys.append({FORMAT_KEY, MANIFEST_KEY})
        assert set(json.loads(text)["metadata"]) in keys
        assert "Reports" not in text and "large.bin" not in text
    by_upload = tus_node.manifests()
    assert sorted(by_upload) == sorted((r.upload_url or "").rsplit("/", 1)[-1] for r in records)
    assert len(_manifests_on(tus_node)) == 2  # the two files over FAST.small_file_size
    # The secret plans are gone once delivered.
    assert not list(Path(os.environ["NOOMUS_HOME"]).rglob("*.plan"))


def test_progress_is_throttled_and_reaches_the_total(
    tus_node: RunningTusNode, identity: tuple[Path, str], tmp_path: Path
) -> None:
    _, recipient = identity
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(2 * 1024 * 1024))
    with (
        _slow_proxy(tus_node, 4 * 1024 * 1024) as proxy,
        running_engine(Destination.plain_tus(proxy.url + "/files/", [recipient])) as (engine, seen),
    ):
        engine.add_paths([str(big)])
        assert engine.wait_idle(60)
        record = engine.snapshot()[0]
    assert record.state is TransferState.DONE
    events = [p for p in seen.progress if p[0] == record.id]
    assert events[-1][1] == events[-1][2] == record.total
    # Between two events at least the interval passes (the final one may be forced).
    gaps = [b[5] - a[5] for a, b in itertools.pairwise(events[:-1])]
    assert len(events) > 3 and min(gaps) >= FAST.progress_interval * 0.9
    assert any(p[3] > 0 and p[4] is not None for p in events)


def test_same_file_dropped_twice_is_sent_once(
    tus_node: RunningTusNode, identity: tuple[Path, str], tmp_path: Path
) -> None:
    key, recipient = identity
    data = os.urandom(1024 * 1024)
    (tmp_path / "twice.bin").write_bytes(data)
    with (
        _slow_proxy(tus_node, 512 * 1024) as proxy,
        running_engine(Destination.plain_tus(proxy.url + "/files/", [recipient])) as (engine, seen),
    ):
        first = engine.add_paths([str(tmp_path / "twice.bin")])
        wait_until(lambda: any(s.state is TransferState.UPLOADING for s in seen.changes))
        second = engine.add_paths([str(tmp_path / "twice.bin"), str(tmp_path / "twice.bin")])
        assert engine.wait_idle(60)
        records = engine.snapshot()
    assert len(records) == 1 and records[0].state is TransferState.DONE
    assert records[0].batch_id == second.batch_id != first.batch_id
    assert len(_uploads_on(tus_node)) == 1
    assert _stored_plaintext(tus_node, records[0], key) == data
    # The first batch lost its only file to the second: one notification, for the second.
    assert [b.batch_id for b in seen.batches] == [second.batch_id]


def test_stall_is_detected_and_the_upload_completes(
    tus_node: RunningTusNode, identity: tuple[Path, str], tmp_path: Path
) -> None:
    key, recipient = identity
    data = os.urandom(1536 * 1024)
    (tmp_path / "stall.bin").write_bytes(data)
    with (
        _slow_proxy(tus_node, 512 * 1024) as proxy,
        running_engine(Destination.plain_tus(proxy.url + "/files/", [recipient])) as (engine, seen),
    ):
        engine.add_paths([str(tmp_path / "stall.bin")])
        wait_until(lambda: any(p[1] > 300_000 for p in seen.progress))
        proxy.stall()  # open connections go silent; new ones work
        assert engine.wait_idle(60)
        record = engine.snapshot()[0]
    assert record.state is TransferState.DONE
    assert "retrying" in seen.states(record.id)
    assert any(r.error_code == "stalled" for r in seen.changes)
    assert _stored_plaintext(tus_node, record, key) == data


def test_server_killed_and_restarted_mid_upload(
    tus_node: RunningTusNode, identity: tuple[Path, str], tmp_path: Path
) -> None:
    key, recipient = identity
    data = os.urandom(3 * 1024 * 1024)
    (tmp_path / "crash.bin").write_bytes(data)
    with (
        _slow_proxy(tus_node, 1024 * 1024) as proxy,
        running_engine(Destination.plain_tus(proxy.url + "/files/", [recipient])) as (engine, seen),
    ):
        engine.add_paths([str(tmp_path / "crash.bin")])
        wait_until(lambda: any(p[1] > 1024 * 1024 for p in seen.progress))
        tus_node.kill()
        before = tus_node.patch_offsets()
        wait_until(lambda: any(r.state is TransferState.RETRYING for r in seen.changes))
        tus_node.start()
        assert engine.wait_idle(60)
        record = engine.snapshot()[0]
    assert record.state is TransferState.DONE
    after = tus_node.patch_offsets()[len(before) :]
    # The first request after the restart starts no earlier than the interrupted one did:
    # at most one PATCH is sent again.
    assert after and after[0][1] >= before[-1][1] > 0
    assert _stored_plaintext(tus_node, record, key) == data


def test_pause_resume_and_cancel(
    tus_node: RunningTusNode, identity: tuple[Path, str], tmp_path: Path
) -> None:
    key, recipient = identity
    keep, drop = os.urandom(1024 * 1024), os.urandom(1024 * 1024)
    (tmp_path / "keep.bin").write_bytes(keep)
    (tmp_path / "drop.bin").write_bytes(drop)
    with (
        _slow_proxy(tus_node, 512 * 1024) as proxy,
        running_engine(Destination.plain_tus(proxy.url + "/files/", [recipient])) as (engine, seen),
    ):
        engine.add_paths([str(tmp_path / "keep.bin"), str(tmp_path / "drop.bin")])
        wait_until(lambda: len({p[0] for p in seen.progress if p[1] > 100_000}) == 2)
        by_name = {r.name: r for r in engine.snapshot()}
        engine.pause(by_name["keep.bin"].id)
        engine.cancel(by_name["drop.bin"].id)
        assert engine.wait_idle(30)
        states = {r.name: r for r in engine.snapshot()}
        assert states["keep.bin"].state is TransferState.PAUSED
        assert states["drop.bin"].state is TransferState.CANCELLED
        paused_at = states["keep.bin"].offset
        assert not seen.batches  # a paused file keeps its batch open
        engine.resume(by_name["keep.bin"].id)
        wait_until(lambda: engine.snapshot()[0].state is not TransferState.PAUSED)
        assert engine.wait_idle(60)
        kept = {r.name: r for r in engine.snapshot()}["keep.bin"]
    assert kept.state is TransferState.DONE
    assert _stored_plaintext(tus_node, kept, key) == keep
    assert kept.offset >= paused_at
    assert [(b.delivered, b.cancelled) for b in seen.batches] == [(1, 1)]
    cancelled_url = by_name["drop.bin"].upload_url or states["drop.bin"].upload_url
    assert cancelled_url is None or httpx.head(
        cancelled_url.replace(str(proxy.port), str(tus_node.port)),
        headers={"Tus-Resumable": "1.0.0"},
    ).status_code in (404, 410)


def test_engine_restart_resumes_from_the_server_offset(
    tus_node: RunningTusNode, identity: tuple[Path, str], tmp_path: Path
) -> None:
    key, recipient = identity
    data = os.urandom(2 * 1024 * 1024)
    (tmp_path / "resume.bin").write_bytes(data)
    with _slow_proxy(tus_node, 1024 * 1024) as proxy:
        destination = Destination.plain_tus(proxy.url + "/files/", [recipient])
        with running_engine(destination) as (engine, seen):
            engine.add_paths([str(tmp_path / "resume.bin")])
            wait_until(lambda: any(p[1] > 700_000 for p in seen.progress))
        # The engine stopped mid-upload; a new one (a new run) takes over from the store.
        with running_engine(destination) as (engine, seen):
            assert engine.wait_idle(60)
            record = engine.snapshot()[0]
    assert record.state is TransferState.DONE
    assert seen.added and seen.added[0].offset > 0
    assert len(_uploads_on(tus_node)) == 1
    assert _stored_plaintext(tus_node, record, key) == data


def test_file_changed_or_gone_fails_with_its_code(
    tus_node: RunningTusNode, identity: tuple[Path, str], tmp_path: Path
) -> None:
    _, recipient = identity
    changing = tmp_path / "changing.bin"
    changing.write_bytes(os.urandom(1024 * 1024))
    gone = tmp_path / "gone.bin"
    gone.write_bytes(b"soon gone")
    one_at_a_time = dataclasses.replace(FAST, concurrency=1, small_file_lanes=0)
    with (
        _slow_proxy(tus_node, 512 * 1024) as proxy,
        running_engine(
            Destination.plain_tus(proxy.url + "/files/", [recipient]), one_at_a_time
        ) as (engine, seen),
    ):
        engine.add_paths([str(changing)])
        wait_until(lambda: any(p[1] > 100_000 for p in seen.progress))
        with changing.open("r+b") as file:
            file.write(b"edited while sending")
        engine.add_paths([str(gone)])
        wait_until(lambda: len(engine.snapshot()) == 2)
        gone.unlink()
        assert engine.wait_idle(60)
        codes = {r.name: (r.state, r.error_code) for r in engine.snapshot()}
    assert codes["changing.bin"] == (TransferState.FAILED, "file_changed")
    assert codes["gone.bin"] == (TransferState.FAILED, "file_missing")


def test_small_files_pass_a_large_one_in_their_own_lanes(
    tus_node: RunningTusNode, identity: tuple[Path, str], tmp_path: Path
) -> None:
    """One transfer at a time for large files still lets small files through meanwhile."""
    key, recipient = identity
    large = tmp_path / "large.bin"
    large.write_bytes(os.urandom(2 * 1024 * 1024))
    smalls = {f"small-{i}.txt": os.urandom(1000 + i) for i in range(4)}
    for name, data in smalls.items():
        (tmp_path / name).write_bytes(data)
    settings = dataclasses.replace(FAST, concurrency=1, small_file_lanes=2)
    with (
        _slow_proxy(tus_node, 512 * 1024) as proxy,
        running_engine(Destination.plain_tus(proxy.url + "/files/", [recipient]), settings) as (
            engine,
            seen,
        ),
    ):
        engine.add_paths([str(large)])
        wait_until(lambda: any(p[1] > 0 for p in seen.progress))
        engine.add_paths([str(tmp_path / name) for name in smalls])
        wait_until(
            lambda: sum(r.state is TransferState.DONE for r in engine.snapshot()) == len(smalls)
        )
        by_name = {r.name: r for r in engine.snapshot()}
        assert by_name["large.bin"].state is TransferState.UPLOADING
        assert engine.wait_idle(60)
        records = engine.snapshot()
    assert all(r.state is TransferState.DONE for r in records)
    for record in records:
        if record.name in smalls:
            assert _stored_plaintext(tus_node, record, key) == smalls[record.name]


@pytest.mark.parametrize(("size", "most_at_once"), [(60_000, 3), (20_000, 4)])
def test_small_file_lanes_hold_a_bounded_number_of_bytes(
    tus_node: RunningTusNode,
    identity: tuple[Path, str],
    tmp_path: Path,
    size: int,
    most_at_once: int,
) -> None:
    """The small-file lanes take files while their sizes fit ``small_lanes_bytes`` (each lane
    holds its file in memory): tiny files use every lane, larger ones fewer."""
    _, recipient = identity
    paths = []
    for i in range(6):
        path = tmp_path / f"file-{i}.bin"
        path.write_bytes(os.urandom(size))
        paths.append(str(path))
    settings = dataclasses.replace(
        FAST, concurrency=1, small_file_lanes=3, small_lanes_bytes=150_000
    )
    active = (TransferState.PREPARING, TransferState.UPLOADING, TransferState.VERIFYING)
    most = 0
    proxy = FaultProxy(("127.0.0.1", tus_node.port)).start()
    proxy.latency = 0.25  # each file takes a second or so: the lanes' files overlap
    with (
        proxy,
        running_engine(Destination.plain_tus(proxy.url + "/files/", [recipient]), settings) as (
            engine,
            _,
        ),
    ):
        engine.add_paths(paths)
        while not engine.wait_idle(0.005):
            most = max(most, sum(r.state in active for r in engine.snapshot()))
        records = engine.snapshot()
    assert [(r.state, r.error_code) for r in records] == [(TransferState.DONE, None)] * 6
    # One regular lane, and the small-file lanes within 150,000 bytes: two files of 60,000
    # (a third would not fit), three of 20,000.
    assert most == most_at_once


def test_lost_answer_to_a_small_file_creation_does_not_deliver_twice(
    tus_node: RunningTusNode, identity: tuple[Path, str], tmp_path: Path
) -> None:
    """@tus/server acts on the creation of a small file (sent in that request), the answer is
    lost: the retry delivers it once, and what the lost creation left is not complete."""
    key, recipient = identity
    data = os.urandom(20_000)
    (tmp_path / "small.bin").write_bytes(data)
    with (
        FaultProxy(("127.0.0.1", tus_node.port)).start() as proxy,
        running_engine(Destination.plain_tus(proxy.url + "/files/", [recipient])) as (engine, _),
    ):
        proxy.lose_next_response("POST")
        engine.add_paths([str(tmp_path / "small.bin")])
        assert engine.wait_idle(60)
        record = engine.snapshot()[0]
    assert record.state is TransferState.DONE
    assert proxy.responses_lost == 1
    complete = []
    for info in _uploads_on(tus_node):
        upload = info.with_suffix("")
        if upload.stat().st_size == json.loads(info.read_text())["size"]:
            complete.append(upload)
    assert len(_uploads_on(tus_node)) == 2
    assert [agecli.decrypt(p.read_bytes(), key) for p in complete] == [data]


@pytest.mark.parametrize("status", [408, 423, 503])
def test_a_server_that_gave_up_waiting_or_is_busy_is_retried(
    status: int, tus_node: RunningTusNode, identity: tuple[Path, str], tmp_path: Path
) -> None:
    """408 (the server's body idle timeout), 423 (locked) and 5xx are transient, not failures."""
    key, recipient = identity
    data = os.urandom(600_000)
    (tmp_path / "file.bin").write_bytes(data)
    with (
        FaultProxy(("127.0.0.1", tus_node.port)).start() as proxy,
        running_engine(Destination.plain_tus(proxy.url + "/files/", [recipient])) as (engine, _),
    ):
        proxy.fail_next(1, status, method="PATCH")
        engine.add_paths([str(tmp_path / "file.bin")])
        assert engine.wait_idle(60)
        record = engine.snapshot()[0]
    assert proxy.failures_sent == 1
    assert record.state is TransferState.DONE, record
    assert _stored_plaintext(tus_node, record, key) == data
