"""Backup and restore of a data directory (``noomus_extranet/backup.py``, ``restore.py``).

The data directories here are real ones (the server's own schema and migrations, its
``Storage`` layout); rows and files are written the way ``tus/uploads.py`` writes them. What
the server does *between* the snapshot and the copies (a completion moving a part, a purge, an
expiry) is done by a backup whose snapshot step is followed by that change, so each race is
shown every time rather than by chance; ``test_backups_while_a_writer_appends`` races a real
writer thread, and ``tests/integration/test_backup_restore.py`` a real server and client.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from noomus_extranet.admin import Admin, open_database
from noomus_extranet.audit import record
from noomus_extranet.backup import MANIFEST, BackupError, _Backup, create_backup, load_manifest
from noomus_extranet.cli import main
from noomus_extranet.db import MIGRATIONS, Database, now
from noomus_extranet.reserve import SpaceReserve
from noomus_extranet.restore import check_data_dir, restore_backup
from noomus_extranet.storage import Storage


class Server:
    """A data directory written as the server writes it."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.db: Database = open_database(data_dir)
        self.storage = Storage(data_dir)
        Admin(self.db).add_user("alice", "Alice", "Co", "a@example.com", "alice-password-123")
        row = self.db.one("SELECT id FROM users WHERE username = 'alice'")
        assert row is not None
        self.user_id: int = row["id"]
        self.count = 0

    def open_upload(self, data: bytes, offset: int, length: int | None = None) -> str:
        """An unfinished upload whose part holds ``data`` and whose row records ``offset``."""
        self.count += 1
        upload_id = f"{self.count:032x}"
        self.storage.part_path(upload_id).write_bytes(data)
        self.db.execute(
            "INSERT INTO uploads(id, user_id, length, offset, created_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (upload_id, self.user_id, length or len(data), offset, now(), now() + 3600),
        )
        return upload_id

    def deliver(self, upload_id: str, db: Database | None = None) -> int:
        """Complete an upload as ``Uploads.complete`` does: move the part, then record it
        (through ``db``, another thread's, if given)."""
        db = db or self.db
        row = db.one("SELECT length FROM uploads WHERE id = ?", (upload_id,))
        assert row is not None
        target = self.storage.deliver(upload_id, self.user_id)
        with db.transaction() as conn:
            conn.execute(
                "INSERT INTO deliveries(upload_id, user_id, size, sha256, path, metadata,"
                " received_at) VALUES (?, ?, ?, ?, ?, '', ?)",
                (
                    upload_id,
                    self.user_id,
                    row["length"],
                    hashlib.sha256(target.read_bytes()).hexdigest(),
                    str(target.relative_to(self.storage.inbox)),
                    now(),
                ),
            )
            conn.execute(
                "UPDATE uploads SET state = 'completed', offset = length WHERE id = ?",
                (upload_id,),
            )
        last = db.one("SELECT max(id) AS id FROM deliveries")
        assert last is not None
        return int(last["id"])

    def delivery(self, data: bytes) -> int:
        return self.deliver(self.open_upload(data, len(data)))

    def delivery_file(self, delivery_id: int) -> Path:
        row = self.db.one("SELECT path FROM deliveries WHERE id = ?", (delivery_id,))
        assert row is not None
        return self.storage.inbox / str(row["path"])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = Server(tmp_path / "data")
    yield running
    running.db.close()


def _backup_after(server: Server, out: Path, change: Callable[[], None]) -> _Backup:
    """A backup whose snapshot is followed by ``change`` (what the server did meanwhile)."""

    class Racing(_Backup):
        def _take_snapshot(self) -> sqlite3.Connection:
            snapshot = super()._take_snapshot()
            change()
            return snapshot

    out.mkdir(mode=0o700)
    return Racing(server.data_dir, out, None, None)


def _rows(data_dir: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(data_dir / "extranet.sqlite3")
    try:
        return [tuple(r) for r in conn.execute(sql)]
    finally:
        conn.close()


def test_a_backup_restores_into_a_working_private_data_directory(
    server: Server, tmp_path: Path
) -> None:
    delivered = os.urandom(300_000)
    delivery = server.delivery(delivered)
    # The part holds bytes past the recorded offset (written, not yet fsynced and recorded).
    upload = server.open_upload(b"r" * 5000 + b"u" * 3000, 5000, length=20_000)
    SpaceReserve.beside(server.db, 64 * 1024).replenish()
    (server.data_dir / "logs" / "access.log").write_text("an access log line\n")
    record(server.db, "key_added", recipient="age1example")
    out = tmp_path / "backup"

    manifest = create_backup(server.data_dir, out)

    relative = server.delivery_file(delivery).relative_to(server.data_dir)
    assert [e.path for e in manifest.deliveries] == [relative.as_posix()]
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert files == {
        "extranet.sqlite3",
        "manifest.json",
        "logs/audit.log",
        relative.as_posix(),
        f"uploads/{upload}.part",
    }
    assert (out / "uploads" / f"{upload}.part").read_bytes() == b"r" * 5000
    assert [(manifest.schema_version,)] == _rows(out, "PRAGMA user_version")
    for path in [out, *out.rglob("*")]:
        expected = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == expected, path
    assert check_data_dir(out) == []

    restored = tmp_path / "restored"
    restore_backup(out, restored)
    assert check_data_dir(restored) == []
    row = _rows(restored, f"SELECT offset, state FROM uploads WHERE id = '{upload}'")  # noqa: S608
    assert row == [(5000, "open")]
    assert (restored / "uploads" / f"{upload}.part").read_bytes() == b"r" * 5000
    assert (restored / relative).read_bytes() == delivered
    assert not (restored / relative).samefile(out / relative)  # copies, not links
    audit = (restored / "logs" / "audit.log").read_text().splitlines()
    assert json.loads(audit[-1])["event"] == "backup_restored"


def test_a_part_delivered_after_the_snapshot_is_read_from_the_inbox(
    server: Server, tmp_path: Path
) -> None:
    data = os.urandom(10_000)
    upload = server.open_upload(data, 6000)

    def complete() -> None:
        server.db.execute("UPDATE uploads SET offset = length WHERE id = ?", (upload,))
        server.deliver(upload)

    manifest = _backup_after(server, tmp_path / "backup", complete).run()

    part = tmp_path / "backup" / "uploads" / f"{upload}.part"
    assert part.read_bytes() == data[:6000]
    assert [e.path for e in manifest.uploads] == [f"uploads/{upload}.part"]
    assert manifest.deliveries == [] and check_data_dir(tmp_path / "backup") == []


def test_an_upload_discarded_after_the_snapshot_is_expired_in_the_backup(
    server: Server, tmp_path: Path
) -> None:
    upload = server.open_upload(b"x" * 4000, 4000, length=9000)

    def expire() -> None:
        server.db.execute("UPDATE uploads SET state = 'expired' WHERE id = ?", (upload,))
        server.storage.remove(upload)

    manifest = _backup_after(server, tmp_path / "backup", expire).run()

    assert manifest.discarded == [upload] and manifest.uploads == []
    assert _rows(tmp_path / "backup", "SELECT state FROM uploads") == [("expired",)]
    assert check_data_dir(tmp_path / "backup") == []


def test_a_delivery_purged_after_the_snapshot_is_left_out(server: Server, tmp_path: Path) -> None:
    kept = server.delivery(b"kept" * 100)
    purged = server.delivery(b"purged" * 100)

    def purge() -> None:
        server.delivery_file(purged).unlink()
        server.db.execute("DELETE FROM deliveries WHERE id = ?", (purged,))

    manifest = _backup_after(server, tmp_path / "backup", purge).run()

    assert _rows(tmp_path / "backup", "SELECT id FROM deliveries") == [(kept,)]
    assert len(manifest.deliveries) == 1
    assert check_data_dir(tmp_path / "backup") == []


def test_a_delivery_whose_file_is_missing_fails_the_backup(server: Server, tmp_path: Path) -> None:
    server.delivery_file(server.delivery(b"lost" * 100)).unlink()
    with pytest.raises(BackupError, match="missing"):
        create_backup(server.data_dir, tmp_path / "backup")
    assert not (tmp_path / "backup" / MANIFEST).exists()
    with pytest.raises(BackupError, match="not a complete backup"):
        restore_backup(tmp_path / "backup", tmp_path / "restored")
    assert not (tmp_path / "restored").exists()


def test_a_damaged_delivery_fails_the_backup(server: Server, tmp_path: Path) -> None:
    path = server.delivery_file(server.delivery(b"a" * 1000))
    path.write_bytes(b"b" * 1000)
    with pytest.raises(BackupError, match="damaged"):
        create_backup(server.data_dir, tmp_path / "backup")
    assert not (tmp_path / "backup" / MANIFEST).exists()


def test_a_part_shorter_than_its_recorded_offset_fails_the_backup(
    server: Server, tmp_path: Path
) -> None:
    server.open_upload(b"short", 4000, length=9000)
    with pytest.raises(BackupError, match="fewer than the 4000"):
        create_backup(server.data_dir, tmp_path / "backup")


def test_a_second_backup_hard_links_unchanged_deliveries(server: Server, tmp_path: Path) -> None:
    old = server.delivery(os.urandom(50_000))
    first = tmp_path / "day1"
    create_backup(server.data_dir, first)
    new = server.delivery(os.urandom(40_000))
    second = tmp_path / "day2"

    manifest = create_backup(server.data_dir, second, previous=first)

    def relative(delivery: int) -> Path:
        return server.delivery_file(delivery).relative_to(server.data_dir)

    assert (second / relative(old)).stat().st_ino == (first / relative(old)).stat().st_ino
    assert (second / relative(new)).stat().st_nlink == 1
    assert manifest.linked == 1 and len(manifest.deliveries) == 2
    shutil.rmtree(first)  # each backup is whole by itself
    restore_backup(second, tmp_path / "restored")
    assert check_data_dir(tmp_path / "restored") == []


def test_a_changed_delivery_in_the_previous_backup_is_copied_again(
    server: Server, tmp_path: Path
) -> None:
    """Size and SHA-256 come from the manifest, and the file's size is checked: a previous
    backup whose copy has another size is not linked from."""
    delivery = server.delivery(os.urandom(50_000))
    first = tmp_path / "day1"
    create_backup(server.data_dir, first)
    earlier = first / server.delivery_file(delivery).relative_to(server.data_dir)
    earlier.write_bytes(b"truncated")

    manifest = create_backup(server.data_dir, tmp_path / "day2", previous=first)

    assert manifest.linked == 0
    assert check_data_dir(tmp_path / "day2") == []


def test_backing_up_needs_a_new_folder_and_a_complete_previous_backup(
    server: Server, tmp_path: Path
) -> None:
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "x").write_text("x")
    with pytest.raises(BackupError, match="not an empty folder"):
        create_backup(server.data_dir, tmp_path / "used")
    with pytest.raises(BackupError, match="not a complete backup"):
        create_backup(server.data_dir, tmp_path / "new", previous=tmp_path / "used")


def test_restore_refuses_a_data_directory_in_use(server: Server, tmp_path: Path) -> None:
    server.delivery(b"d" * 100)
    create_backup(server.data_dir, tmp_path / "backup")
    before = sorted(p.name for p in server.data_dir.iterdir())
    with pytest.raises(BackupError, match="not an empty folder"):
        restore_backup(tmp_path / "backup", server.data_dir)
    assert sorted(p.name for p in server.data_dir.iterdir()) == before


@pytest.mark.parametrize("damage", ["flip", "missing"])
def test_restore_refuses_a_backup_that_does_not_match_its_manifest(
    server: Server, tmp_path: Path, damage: str
) -> None:
    path = server.delivery_file(server.delivery(os.urandom(2000)))
    backup = tmp_path / "backup"
    create_backup(server.data_dir, backup)
    copy = backup / path.relative_to(server.data_dir)
    if damage == "flip":
        data = bytearray(copy.read_bytes())
        data[1000] ^= 1
        copy.write_bytes(bytes(data))
    else:
        copy.unlink()
    with pytest.raises(BackupError, match="damaged" if damage == "flip" else "missing"):
        restore_backup(backup, tmp_path / "restored")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".restored")]
    assert not list((tmp_path / "restored").iterdir())


def test_restore_refuses_a_backup_of_a_newer_server(server: Server, tmp_path: Path) -> None:
    backup = tmp_path / "backup"
    create_backup(server.data_dir, backup)
    manifest = json.loads((backup / MANIFEST).read_text())
    manifest["schema_version"] = len(MIGRATIONS) + 1
    (backup / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(BackupError, match="newer server"):
        restore_backup(backup, tmp_path / "restored")
    assert not (tmp_path / "restored").exists()


def test_restore_refuses_a_manifest_naming_paths_outside_the_backup(
    server: Server, tmp_path: Path
) -> None:
    backup = tmp_path / "backup"
    create_backup(server.data_dir, backup)
    manifest = json.loads((backup / MANIFEST).read_text())
    manifest["logs"] = [{"path": "../../escape", "size": 0, "sha256": "0" * 64}]
    (backup / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(BackupError, match="not valid"):
        load_manifest(backup)
    with pytest.raises(BackupError, match="not valid"):
        restore_backup(backup, tmp_path / "restored")


def test_backups_while_a_writer_appends(server: Server, tmp_path: Path) -> None:
    """A writer follows the server's rule (write, fsync, then record the offset; complete by
    moving the part, then recording the delivery) while backups are taken: each is consistent,
    and each copied part holds exactly the bytes its recorded offset names."""
    length = 4 * 1024 * 1024
    data = os.urandom(length)
    upload = server.open_upload(b"", 0, length=length)
    stop = threading.Event()

    def write() -> None:
        db = Database(server.db.path)
        try:
            with server.storage.part_path(upload).open("r+b") as f:
                for offset in range(0, length, 64 * 1024):
                    f.write(data[offset : offset + 64 * 1024])
                    f.flush()
                    os.fsync(f.fileno())
                    db.execute(
                        "UPDATE uploads SET offset = ? WHERE id = ?", (offset + 64 * 1024, upload)
                    )
            server.deliver(upload, db)
        finally:
            db.close()
            stop.set()

    thread = threading.Thread(target=write)
    thread.start()
    seen: set[str] = set()
    try:
        for attempt in range(200):
            out = tmp_path / f"backup-{attempt}"
            manifest = create_backup(server.data_dir, out)
            assert check_data_dir(out) == [], attempt
            for entry in manifest.uploads:
                assert (out / entry.path).read_bytes() == data[: entry.size]
                seen.add("part")
            seen.update("delivery" for _ in manifest.deliveries)
            if stop.is_set():
                break
    finally:
        thread.join()
    final = tmp_path / "final"
    create_backup(server.data_dir, final)
    assert check_data_dir(final) == [] and "part" in seen


@pytest.fixture
def keep_umask() -> Iterator[None]:
    """``main`` sets the process's umask (077): give the next tests theirs back."""
    umask = os.umask(0o022)
    os.umask(umask)
    yield
    os.umask(umask)


@pytest.mark.usefixtures("keep_umask")
def test_the_commands_back_up_incrementally_and_restore(
    server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``noomus-extranet backup --out DIR [--previous DIR]`` and ``restore DIR --data NEW``:
    the second backup links the unchanged delivery, both are audited, and a refused restore
    exits 1 with the reason."""
    delivery = server.delivery(os.urandom(10_000))
    relative = server.delivery_file(delivery).relative_to(server.data_dir)
    data = ["--data", str(server.data_dir)]
    assert main([*data, "backup", "--out", str(tmp_path / "day1")]) == 0
    server.delivery(os.urandom(5000))
    second = ["backup", "--out", str(tmp_path / "day2"), "--previous", str(tmp_path / "day1")]
    assert main([*data, *second]) == 0
    assert "2 deliveries (1 linked" in capsys.readouterr().out
    assert (tmp_path / "day1" / relative).samefile(tmp_path / "day2" / relative)
    audit = [
        json.loads(line)
        for line in (server.data_dir / "logs" / "audit.log").read_text().splitlines()
    ]
    commands = [e["command"] for e in audit if e["event"] == "admin_command" and e["os_user"]]
    assert [c.split()[2:4] for c in commands[-2:]] == [["backup", "--out"]] * 2

    restore = ["restore", str(tmp_path / "day2"), "--data", str(tmp_path / "new")]
    assert main(restore) == 0
    assert check_data_dir(tmp_path / "new") == []
    assert main(restore) == 1
    assert "not an empty folder" in capsys.readouterr().err


# -- the documented script ------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


def _script() -> str:
    doc = (ROOT / "docs" / "backup.md").read_text(encoding="utf-8")
    [script] = re.findall(r"```sh\n(.*?)```", doc, flags=re.DOTALL)
    return str(script)


def test_the_documented_script_keeps_linked_backups(server: Server, tmp_path: Path) -> None:
    """The daily script of docs/backup.md, run as printed, three times with ``NOOMUS_KEEP=2``
    and a delivery arriving before each run: two backups are kept, the newest links the
    deliveries of the one before, and it restores."""
    script = tmp_path / "noomus-backup"
    script.write_text(_script())
    script.chmod(0o700)
    # `noomus-extranet` on PATH runs this checkout's code, as an installed one would.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "noomus-extranet"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m noomus_extranet "$@"\n')
    shim.chmod(0o700)
    backups = tmp_path / "backups"
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "NOOMUS_DATA": str(server.data_dir),
        "NOOMUS_BACKUPS": str(backups),
        "NOOMUS_KEEP": "2",
    }
    for run in range(3):
        server.delivery(os.urandom(1000 + run))
        done = subprocess.run(
            [str(script)], env=env, capture_output=True, text=True, timeout=60, check=False
        )
        assert done.returncode == 0, done.stderr

    kept = sorted(backups.iterdir())
    assert len(kept) == 2
    newest = load_manifest(kept[-1])
    assert (len(newest.deliveries), newest.linked) == (3, 2)
    assert newest.previous == str(kept[0])
    restore_backup(kept[-1], tmp_path / "restored")
    assert check_data_dir(tmp_path / "restored") == []
