"""The durable write on its own: it replaces whole files and cleans up after a failure."""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pytest

from noomus_desktop.core import fsutil
from noomus_desktop.core.fsutil import remove_leftovers, write_durably, write_json


def test_each_write_replaces_the_file_and_leaves_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "data.json"
    write_json(target, {"b": 1, "a": [2]}, private=True)
    write_durably(target, b"second", private=True)
    write_durably(target, b"third, longer than the second", private=False)
    assert target.read_bytes() == b"third, longer than the second"
    assert [p.name for p in tmp_path.iterdir()] == ["data.json"]


def test_json_is_sorted_indented_and_ends_with_a_newline(tmp_path: Path) -> None:
    target = tmp_path / "data.json"
    write_json(target, {"b": 1, "a": "ä"}, private=False)
    assert target.read_text("utf-8") == '{\n  "a": "\\u00e4",\n  "b": 1\n}\n'


def test_a_failed_write_keeps_the_old_file_and_removes_its_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "pins.json"
    write_durably(target, b"old", private=True)

    def failing_fsync(fd: int) -> None:
        raise OSError(errno.EIO, "disk failed")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="disk failed"):
        write_durably(target, b"new", private=True)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["pins.json"]


def test_a_temporary_being_written_is_not_a_leftover(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process opening the folder (the window while ``noomus-upload`` runs) removes
    a crash's leftovers, never a temporary whose writer is still at work."""
    target = tmp_path / "7.plan"
    in_fsync, go_on = threading.Event(), threading.Event()
    real_fsync = os.fsync

    def slow_fsync(fd: int) -> None:
        in_fsync.set()
        assert go_on.wait(10)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", slow_fsync)
    failures: list[BaseException] = []

    def write() -> None:
        try:
            write_durably(target, b"secret plan", private=True)
        except BaseException as error:  # reported by the assertion below
            failures.append(error)

    writer = threading.Thread(target=write)
    writer.start()
    assert in_fsync.wait(10)
    crash_leftover = tmp_path / ".6.plan.0123456789abcdef.tmp"
    crash_leftover.write_bytes(b"half")
    assert remove_leftovers(tmp_path) == 1  # the crash's, not the live one
    assert not crash_leftover.exists()
    assert len(list(tmp_path.glob(".7.plan.*.tmp"))) == 1
    go_on.set()
    writer.join(10)
    assert failures == []
    assert target.read_bytes() == b"secret plan"
    assert [p.name for p in tmp_path.iterdir()] == ["7.plan"]


def test_a_temporary_removed_before_its_writer_held_it_is_written_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The instant between creating the temporary and holding it: another process may take
    it for a leftover and remove it; the write begins again under a new name."""
    target = tmp_path / "7.plan"
    real_hold = fsutil._hold
    removed: list[int] = []

    def hold_after_a_removal(fd: int) -> bool:
        if not removed:
            removed.append(remove_leftovers(tmp_path))
        return real_hold(fd)

    monkeypatch.setattr(fsutil, "_hold", hold_after_a_removal)
    write_durably(target, b"secret plan", private=True)
    assert removed == [1]
    assert target.read_bytes() == b"secret plan"
    assert [p.name for p in tmp_path.iterdir()] == ["7.plan"]
