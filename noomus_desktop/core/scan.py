"""Expanding dropped files and folders into the files to send.

A dropped folder yields every regular file under it, with a ``/``-separated path relative
to the folder's parent (so it starts with the folder's own name). Entries that cannot or
must not be sent are reported one by one instead of failing the whole drop: symlink loops,
special files (fifos, sockets, devices), broken links, unreadable files and folders. One
``stat`` per entry through ``os.scandir``: fast for tens of thousands of files.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class ScannedFile:
    """A regular file to send, with what a cheap ``stat`` says about it."""

    path: str
    relative_path: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class ScanProblem:
    """A dropped entry that will not be sent, and why (``code`` as in error codes)."""

    path: str
    code: str
    message: str


@dataclass
class ScanResult:
    files: list[ScannedFile] = field(default_factory=list)
    problems: list[ScanProblem] = field(default_factory=list)


def scan_paths(paths: Iterable[str | os.PathLike[str]]) -> ScanResult:
    """Every regular file under ``paths`` (files or folders), and the skipped entries."""
    result = ScanResult()
    for given in paths:
        path = str(Path(given).absolute())
        name = Path(path).name or path
        _visit(path, name, frozenset(), result)
    return result


def _visit(
    path: str, relative: str, ancestors: frozenset[tuple[int, int]], out: ScanResult
) -> None:
    if not _is_text(path):
        out.problems.append(_problem(path, "unsupported_name"))
        return
    try:
        info = Path(path).stat()  # follows links: a link to a file is sent as that file
    except FileNotFoundError:
        out.problems.append(_problem(path, "file_missing"))
        return
    except OSError:
        out.problems.append(_problem(path, "file_unreadable"))
        return
    if stat.S_ISREG(info.st_mode):
        if os.access(path, os.R_OK):
            out.files.append(ScannedFile(path, relative, info.st_size, info.st_mtime_ns))
        else:
            out.problems.append(_problem(path, "file_unreadable"))
    elif stat.S_ISDIR(info.st_mode):
        identity = (info.st_dev, info.st_ino)
        if identity in ancestors:
            out.problems.append(_problem(path, "symlink_loop"))
            return
        _visit_folder(path, relative, ancestors | {identity}, out)
    else:
        out.problems.append(_problem(path, "special_file"))


def _visit_folder(
    path: str, relative: str, ancestors: frozenset[tuple[int, int]], out: ScanResult
) -> None:
    try:
        with os.scandir(path) as entries:
            children = sorted(entries, key=lambda e: e.name)
    except OSError:
        out.problems.append(_problem(path, "file_unreadable"))
        return
    for entry in children:
        child_relative = f"{relative}/{entry.name}"
        try:
            plain_file = entry.is_file(follow_symlinks=False)
        except OSError:
            plain_file = False
        if plain_file and not _is_text(entry.path):
            out.problems.append(_problem(entry.path, "unsupported_name"))
        elif plain_file:
            # The common case costs a single stat (cached by scandir on most systems).
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                out.problems.append(_problem(entry.path, "file_unreadable"))
                continue
            if os.access(entry.path, os.R_OK):
                out.files.append(
                    ScannedFile(entry.path, child_relative, info.st_size, info.st_mtime_ns)
                )
            else:
                out.problems.append(_problem(entry.path, "file_unreadable"))
        else:
            _visit(entry.path, child_relative, ancestors, out)


_MESSAGES = {
    "file_missing": "This entry no longer exists (or is a link to nothing); it was skipped.",
    "file_unreadable": "This entry cannot be read; check that you are allowed to open it.",
    "symlink_loop": "This link points back into its own folder; it was skipped.",
    "special_file": "This is not a regular file (a device, pipe or socket); it was skipped.",
    "unsupported_name": "This name is not valid text (it was made with another character set); "
    "rename it and drop it again.",
}


def _is_text(path: str) -> bool:
    """Whether ``path`` is valid Unicode: bytes Linux allows in names but that are not UTF-8
    arrive as surrogates, which the transfer store (SQLite text) cannot keep."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _problem(path: str, code: str) -> ScanProblem:
    return ScanProblem(path, code, _MESSAGES[code])
