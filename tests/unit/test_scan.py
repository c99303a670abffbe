"""Expanding drops: relative paths, symlink loops, special files, unreadable entries."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from noomus_desktop.core.scan import scan_paths


def test_folder_gives_paths_relative_to_its_parent(tmp_path: Path) -> None:
    root = tmp_path / "Project"
    (root / "a" / "b").mkdir(parents=True)
    (root / "top.txt").write_text("1")
    (root / "a" / "b" / "deep.txt").write_text("22")
    (tmp_path / "alone.txt").write_text("333")
    result = scan_paths([root, tmp_path / "alone.txt"])
    assert [(f.relative_path, f.size) for f in result.files] == [
        ("Project/a/b/deep.txt", 2),
        ("Project/top.txt", 1),
        ("alone.txt", 3),
    ]
    assert all(Path(f.path).is_absolute() for f in result.files)
    assert result.problems == []


def test_loops_special_files_and_broken_links_are_reported_one_by_one(tmp_path: Path) -> None:
    root = tmp_path / "drop"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "ok.txt").write_text("ok")
    (root / "sub" / "loop").symlink_to(root)
    (root / "broken").symlink_to(tmp_path / "nowhere")
    (root / "link-to-file").symlink_to(root / "sub" / "ok.txt")
    os.mkfifo(root / "fifo")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(root / "sock"))
        result = scan_paths([root])
    assert [f.relative_path for f in result.files] == ["drop/link-to-file", "drop/sub/ok.txt"]
    assert sorted((Path(p.path).name, p.code) for p in result.problems) == [
        ("broken", "file_missing"),
        ("fifo", "special_file"),
        ("loop", "symlink_loop"),
        ("sock", "special_file"),
    ]
    assert all(p.message for p in result.problems)


_SCAN = """
import json, sys
from noomus_desktop.core.scan import scan_paths
r = scan_paths(sys.argv[1:])
print(json.dumps([[f.relative_path for f in r.files], [[p.path, p.code] for p in r.problems]]))
"""
#: Root reads everything: the scan then runs in a child without the file-permission overrides.
_WITHOUT_OVERRIDES = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]


def test_unreadable_entries_are_reported_and_the_rest_is_kept(tmp_path: Path) -> None:
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions cannot be made to bind")
    root = tmp_path / "drop"
    (root / "closed").mkdir(parents=True)
    (root / "fine.txt").write_text("fine")
    (root / "secret.txt").write_text("secret")
    (root / "closed" / "inside.txt").write_text("inside")
    (root / "secret.txt").chmod(0o000)
    (root / "closed").chmod(0o000)
    try:
        prefix = _WITHOUT_OVERRIDES if os.geteuid() == 0 else []
        out = subprocess.run(
            [*prefix, sys.executable, "-c", _SCAN, str(root)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        (root / "closed").chmod(0o755)
        (root / "secret.txt").chmod(0o644)
    files, problems = json.loads(out)
    assert files == ["drop/fine.txt"]
    assert sorted((Path(p).name, c) for p, c in problems) == [
        ("closed", "file_unreadable"),
        ("secret.txt", "file_unreadable"),
    ]


def test_ten_thousand_files(tmp_path: Path) -> None:
    root = tmp_path / "many"
    for d in range(100):
        folder = root / f"d{d:02d}"
        folder.mkdir(parents=True)
        for f in range(100):
            (folder / f"f{f:02d}").touch()
    result = scan_paths([root])
    assert len(result.files) == 10_000 and not result.problems
    assert result.files[0].relative_path == "many/d00/f00"


def test_missing_path_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    result = scan_paths([tmp_path / "never-existed"])
    assert result.files == [] and [p.code for p in result.problems] == ["file_missing"]


@pytest.mark.skipif(sys.platform != "linux", reason="only Linux allows names that are not UTF-8")
def test_a_name_that_is_not_text_is_reported_and_the_rest_is_kept(tmp_path: Path) -> None:
    root = tmp_path / "drop"
    root.mkdir()
    (root / "ok.txt").write_text("ok")
    # Bytes that are not UTF-8 arrive in Python as surrogates (os.fsdecode).
    (root / os.fsdecode(b"caf\xe9.txt")).write_bytes(b"latin-1 name")
    (root / os.fsdecode(b"dossier-\xe9t\xe9")).mkdir()
    result = scan_paths([root])
    assert [f.relative_path for f in result.files] == ["drop/ok.txt"]
    assert sorted(os.fsencode(Path(p.path).name) for p in result.problems) == [
        b"caf\xe9.txt",
        b"dossier-\xe9t\xe9",
    ]
    assert {p.code for p in result.problems} == {"unsupported_name"}
