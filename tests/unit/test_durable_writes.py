"""Settings, recipient pins and encryption plans survive a crash and a power cut mid-write.

Each of the three files is written through its real owner (``Settings.save``,
``RecipientPins``, ``TransferStore.save_plan``), in a child process killed with SIGKILL at
the rename, on the real file system. A kill alone loses nothing the kernel already holds, so
one crash point also models what a power cut leaves on the disk: the rename reached it,
but the bytes of a file that was never fsynced did not (the zero-length file of ext4's
delayed allocation, or XFS). That is how an unsynced ``pins.json`` became empty and locked
the customer out with ``PinsUnreadableError``.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from noomus_desktop.core import paths
from noomus_desktop.core.config import Settings, load_settings, settings_path
from noomus_desktop.core.pinning import RecipientPins
from noomus_desktop.core.queue import TransferStore
from noomus_desktop.core.scan import ScannedFile

URL, OTHER = "https://extranet.example", "https://other.example"
A, C = "age1aaa", "age1ccc"
OLD_SERVER, NEW_SERVER = "https://old.example", "https://new.example"


@dataclass(frozen=True)
class Writer:
    """One kind of durable file: how to write it twice, and whether what is left is whole."""

    #: Writes the first content (in the test's process).
    old: Callable[[], None]
    #: Writes the second content (in the child that crashes).
    new: Callable[[], None]
    #: True if the file holds the first or the second content, whole.
    intact: Callable[[], bool]
    #: The file written.
    path: Callable[[], Path]


def _pins_old() -> None:
    RecipientPins().check(URL, [A])


def _pins_new() -> None:
    RecipientPins().check(OTHER, [C])


def _pins_intact() -> bool:
    # Raises PinsUnreadableError (failing the test) if the file is empty or cut short.
    return RecipientPins().pinned(URL) == frozenset({A})


def _settings_old() -> None:
    Settings(server_url=OLD_SERVER).save()


def _settings_new() -> None:
    Settings(server_url=NEW_SERVER).save()


def _settings_intact() -> bool:
    # A damaged file loads as the defaults (server_url ""), which is what must not happen.
    return load_settings().server_url in {OLD_SERVER, NEW_SERVER}


def _with_store(action: Callable[[TransferStore], bytes | None]) -> bytes | None:
    store = TransferStore()
    try:
        return action(store)
    finally:
        store.close()


def _plan_old() -> None:
    def save(store: TransferStore) -> None:
        (record,) = store.add("b", "dest", [ScannedFile("/data/a", "a", 1, 1)])
        store.save_plan(record.id, b"old plan")

    _with_store(save)


def _plan_new() -> None:
    _with_store(lambda store: store.save_plan(1, b"new plan"))


def _plan_intact() -> bool:
    return _with_store(lambda store: store.load_plan(1)) in {b"old plan", b"new plan"}


WRITERS = {
    "pins": Writer(_pins_old, _pins_new, _pins_intact, lambda: paths.config_dir() / "pins.json"),
    "settings": Writer(_settings_old, _settings_new, _settings_intact, settings_path),
    "plan": Writer(
        _plan_old, _plan_new, _plan_intact, lambda: paths.data_dir() / "plans" / "1.plan"
    ),
}

BEFORE_RENAME = "killed before the rename"
POWER_CUT = "power cut after the rename"

#: Runs ``WRITERS[argv[1]].new`` and dies at its rename (argv[2] says how). The real fsync
#: runs; the child only notes which files it reached.
_CRASHER = """
import os, signal, sys
from tests.unit.test_durable_writes import POWER_CUT, WRITERS

real_fsync, real_replace = os.fsync, os.replace
synced = set()

def fsync(fd):
    real_fsync(fd)
    synced.add(os.fstat(fd).st_ino)

def replace(src, dst, **kwargs):
    if sys.argv[2] == POWER_CUT:
        if os.stat(src).st_ino not in synced:
            os.truncate(src, 0)  # never fsynced: its bytes are not on the disk
        real_replace(src, dst, **kwargs)
    os.kill(os.getpid(), signal.SIGKILL)

os.fsync, os.replace = fsync, replace
WRITERS[sys.argv[1]].new()
"""


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL and the power-cut model are POSIX")
@pytest.mark.parametrize("crash", [BEFORE_RENAME, POWER_CUT])
@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_a_crash_mid_write_leaves_the_old_or_the_new_file_whole(kind: str, crash: str) -> None:
    writer = WRITERS[kind]
    writer.old()
    child = subprocess.run(
        [sys.executable, "-c", _CRASHER, kind, crash], env=os.environ.copy(), check=False
    )
    assert child.returncode == -signal.SIGKILL
    assert writer.intact()
    assert writer.path().stat().st_size > 0
    # The next write after the crash works and is whole.
    writer.new()
    assert writer.intact()


@pytest.fixture
def events(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """What reaches the disk, in order: fsyncs of files and folders, and renames. The real
    calls run; this only watches them."""
    seen: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        seen.append("fsync folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def replace(src: str | Path, dst: str | Path) -> None:
        seen.append("rename")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    yield seen


@pytest.mark.skipif(os.name != "posix", reason="directories are fsynced on POSIX only")
@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_the_file_is_fsynced_before_its_rename_and_the_folder_after(
    kind: str, events: list[str]
) -> None:
    writer = WRITERS[kind]
    writer.old()
    assert events[-3:] == ["fsync file", "rename", "fsync folder"]
    events.clear()
    writer.new()
    assert events[-3:] == ["fsync file", "rename", "fsync folder"]
    assert writer.intact()


@pytest.fixture
def umask() -> Iterator[int]:
    """A usual umask (group and others may read), whatever the test runner's."""
    previous = os.umask(0o022)
    try:
        yield 0o022
    finally:
        os.umask(previous)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize("kind", ["pins", "plan"])
def test_pins_and_plans_are_readable_by_the_user_alone(kind: str, umask: int) -> None:
    writer = WRITERS[kind]
    writer.old()
    writer.new()
    assert stat.S_IMODE(writer.path().stat().st_mode) == 0o600


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_settings_keep_the_mode_the_umask_gives(umask: int) -> None:
    """Settings hold no secret: their file is made as before, like any new file."""
    WRITERS["settings"].old()
    assert stat.S_IMODE(settings_path().stat().st_mode) == 0o666 & ~umask
