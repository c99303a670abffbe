"""The durable write on its own: it replaces whole files and cleans up after a failure."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from noomus_desktop.core.fsutil import write_durably, write_json


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
