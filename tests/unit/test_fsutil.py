"""The durable write on its own: it replaces whole files and cleans up after a failure."""

from __future__ import annotations

import errno
import os
import socket
import sys
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


@pytest.mark.skipif(
    sys.platform == "win32", reason="on Windows the temporary is held from its creation"
)
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
    writes: list[int] = []
    real_write = os.write

    def counted_write(fd: int, data: bytes) -> int:
        writes.append(len(data))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", counted_write)
    write_durably(target, b"secret plan", private=True)
    assert removed == [1]
    assert writes == [11]  # the removal is seen at the hold, not after writing to it
    assert target.read_bytes() == b"secret plan"
    assert [p.name for p in tmp_path.iterdir()] == ["7.plan"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file types and modes")
def test_a_leftover_that_cannot_be_held_is_removed_and_never_hangs(tmp_path: Path) -> None:
    """Not a regular file, or not ours to open: nothing a live writer of ours holds, so it
    goes (a FIFO opened to be locked would hang the queue's opening; a socket fail it)."""
    os.mkfifo(tmp_path / ".fifo.0123456789abcdef.tmp")
    with socket.socket(socket.AF_UNIX) as unix:
        unix.bind(str(tmp_path / ".sock.0123456789abcdef.tmp"))
    (tmp_path / ".link.0123456789abcdef.tmp").symlink_to(tmp_path / "elsewhere")
    unreadable = tmp_path / ".7.plan.0123456789abcdef.tmp"
    unreadable.write_bytes(b"secret half-written")
    unreadable.chmod(0o200)  # a umask masking the owner's read bit (root opens it anyway)
    (tmp_path / "kept.plan").write_bytes(b"not a temporary")
    assert remove_leftovers(tmp_path) == 4
    assert [p.name for p in tmp_path.iterdir()] == ["kept.plan"]


@pytest.mark.skipif(sys.platform == "win32", reason="flock is POSIX")
def test_without_flock_writes_and_clean_up_work_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NFS without its lock daemon answers ENOLCK: the durable write still writes, and the
    clean-up still removes a crash's leftover."""
    import fcntl

    def no_locks(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    leftover = tmp_path / ".7.plan.0123456789abcdef.tmp"
    leftover.write_bytes(b"secret half-written")
    write_durably(tmp_path / "settings.json", b"{}", private=False)
    assert remove_leftovers(tmp_path) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]
