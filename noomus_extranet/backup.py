"""Backups of a data directory, consistent while uploads are arriving, and incremental.

A backup is a directory: a snapshot of the database (SQLite's online backup API: one step,
inside one read transaction, which in WAL mode blocks no writer; on PostgreSQL, every row read
in one ``REPEATABLE READ`` transaction and written into a new SQLite file by ``dbcopy``, so a
backup has one format whatever the engine), the delivered ciphertexts
and the unfinished uploads that snapshot names, the audit log, and ``manifest.json``, written
last and atomically. A backup without a manifest is unfinished; :mod:`restore` refuses it.

Consistency with the snapshot, while the server keeps writing (``tus/uploads.py``):

- An open upload's recorded ``offset`` only names bytes fsynced before it was recorded, and a
  PATCH never rewrites bytes below the recorded offset (it truncates to it, then appends). So,
  after the snapshot, the first ``offset`` bytes of the ``.part`` file are the ones the
  snapshot means, whatever the upload does next: exactly those are copied (the file may be
  longer by then; the restored server would drop the tail anyway, ``Storage.open_at``).
- An upload completes by renaming its ``.part`` into the inbox *before* the delivery is
  recorded. A part missing when the copy starts has been delivered (or discarded) since the
  snapshot: its first ``offset`` bytes are read from the delivered file instead. The part is
  looked for first and the delivery second, in the order the rename moves it, so a rename
  between the two looks cannot hide the file. An upload whose bytes are in neither place was
  discarded (expired, terminated) since the snapshot, and is marked expired in the backup.
- A delivery is immutable: it is copied whole and its SHA-256 checked against the database.
  If its file is gone, it must have been purged since the snapshot (its row is gone from the
  live database too): the backup drops its row. Otherwise the backup fails loudly.

The server's in-memory running digests (``tus/digests.py``) are not needed: a restored server
hashes a completed upload's file when it has no running digest.

Incremental: ``--previous DIR`` names an earlier complete backup. A delivery it holds with the
same size and the same SHA-256 as the database's row (both from that backup's manifest, no
re-hashing) is hard-linked from it instead of copied, so a daily backup costs the new
deliveries only.

A backup holds password hashes, token hashes, device names and client IPs: its directories
are 0700 and its files 0600 (see docs/backup.md). Copies stream in blocks of ``BLOCK`` bytes.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import BinaryIO

from noomus_desktop.core.fsutil import sha256_file, write_durably
from noomus_extranet.admin import AdminError
from noomus_extranet.db import Database, now, rfc3339
from noomus_extranet.dburl import DatabaseTarget
from noomus_extranet.filemodes import DATABASE, private_file
from noomus_extranet.storage import fsync_dir

FORMAT = 1
MANIFEST = "manifest.json"
AUDIT_LOG = "logs/audit.log"
BLOCK = 1024 * 1024
#: The only paths a manifest may name: nothing it says can write outside a directory.
_PATHS = re.compile(
    rf"{re.escape(DATABASE)}|{re.escape(AUDIT_LOG)}"
    r"|inbox/[0-9]{1,19}/[0-9a-f]{32}\.age|uploads/[0-9a-f]{32}\.part"
)
_SHA256 = re.compile(r"[0-9a-f]{64}")


class BackupError(AdminError):
    """A backup that cannot be made, or a backup that cannot be restored."""


@dataclass(frozen=True)
class Entry:
    """One file of a backup: its path relative to the backup (and to a data directory)."""

    path: str
    size: int
    sha256: str


@dataclass
class Manifest:
    created: str
    schema_version: int
    database: Entry
    deliveries: list[Entry] = field(default_factory=list)
    uploads: list[Entry] = field(default_factory=list)
    logs: list[Entry] = field(default_factory=list)
    #: Deliveries hard-linked from ``previous`` rather than copied.
    linked: int = 0
    previous: str | None = None
    #: Uploads the snapshot names that were discarded before their bytes were copied.
    discarded: list[str] = field(default_factory=list)
    format: int = FORMAT

    def entries(self) -> list[Entry]:
        return [self.database, *self.deliveries, *self.uploads, *self.logs]

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, sort_keys=True) + "\n"


def _entry(value: object) -> Entry:
    if not isinstance(value, dict) or set(value) != {"path", "size", "sha256"}:
        raise ValueError(f"not a file entry: {value!r}")
    path, size, sha256 = value["path"], value["size"], value["sha256"]
    if not (isinstance(path, str) and _PATHS.fullmatch(path)):
        raise ValueError(f"not a path of a backup: {path!r}")
    if not (isinstance(size, int) and size >= 0 and isinstance(sha256, str)):
        raise ValueError(f"bad size or digest: {value!r}")
    if not _SHA256.fullmatch(sha256):
        raise ValueError(f"bad digest: {sha256!r}")
    return Entry(path, size, sha256)


def load_manifest(backup_dir: Path) -> Manifest:
    """The manifest of a complete backup; a missing or malformed one is a :class:`BackupError`."""
    try:
        raw = json.loads((backup_dir / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(
            f"{backup_dir} is not a complete backup: it has no {MANIFEST} (an unfinished"
            " backup never gets one)."
        ) from None
    except (OSError, ValueError) as exc:
        raise BackupError(f"Cannot read the manifest of {backup_dir}: {exc}") from exc
    try:
        if raw["format"] != FORMAT:
            raise ValueError(f"format {raw['format']!r}, this server reads {FORMAT}")
        manifest = Manifest(
            created=str(raw["created"]),
            schema_version=int(raw["schema_version"]),
            database=_entry(raw["database"]),
            deliveries=[_entry(e) for e in raw["deliveries"]],
            uploads=[_entry(e) for e in raw["uploads"]],
            logs=[_entry(e) for e in raw["logs"]],
            linked=int(raw["linked"]),
            previous=None if raw["previous"] is None else str(raw["previous"]),
            discarded=[str(u) for u in raw["discarded"]],
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise BackupError(f"The manifest of {backup_dir} is not valid: {exc}") from exc
    if manifest.database.path != DATABASE:
        raise BackupError(f"The manifest of {backup_dir} names no database.")
    return manifest


# -- files -----------------------------------------------------------------------------------


def private_dirs(root: Path, relative: str) -> Path:
    """``root/relative``'s parent folders, created 0700; returns ``root/relative``."""
    target = root / relative
    folder = root
    for part in Path(relative).parent.parts:
        folder = folder / part
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=0o700)
    return target


def copy_stream(source: BinaryIO, target: Path, limit: int | None = None) -> Entry:
    """Copy ``source`` (at most ``limit`` bytes) into a new 0600 file ``target``, fsynced;
    returns its size and SHA-256 (``path`` left empty for the caller)."""
    digest = hashlib.sha256()
    size = 0
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        while limit is None or size < limit:
            block = source.read(BLOCK if limit is None else min(BLOCK, limit - size))
            if not block:
                break
            digest.update(block)
            size += len(block)
            view = memoryview(block)
            while view:
                view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    return Entry("", size, digest.hexdigest())


def sync_tree(root: Path) -> None:
    """fsync every folder under ``root`` (new entries in them survive a crash), then root."""
    for folder, _dirs, _files in os.walk(root, topdown=False):
        fsync_dir(Path(folder))


def empty_dir(path: Path, what: str) -> None:
    """Make ``path`` an empty 0700 folder; refuse one that holds anything."""
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise BackupError(f"Refusing to {what} {path}: it exists and is not an empty folder.")
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)


# -- taking a backup -------------------------------------------------------------------------


class _Backup:
    """One backup run: the snapshot (a connection to the backup's own database copy, changed
    where the live files moved on) and the files copied after it."""

    def __init__(
        self,
        data_dir: Path,
        out: Path,
        previous: Manifest | None,
        prev_dir: Path | None,
        live: Database | None = None,
    ):
        self.data_dir = data_dir
        #: The live database, if the caller has it open (it must, on PostgreSQL).
        self.live = live
        self.out = out
        self.previous = {e.path: e for e in previous.deliveries} if previous else {}
        self.prev_dir = prev_dir
        self.snapshot = self._take_snapshot()
        self.manifest = Manifest(
            created=rfc3339(now()),
            schema_version=int(self.snapshot.execute("PRAGMA user_version").fetchone()[0]),
            database=Entry(DATABASE, 0, ""),
            previous=str(prev_dir) if prev_dir else None,
        )

    def _take_snapshot(self) -> sqlite3.Connection:
        if self.live is not None and self.live.is_postgres:
            return self._copy_snapshot(self.live)
        live_path = self.live.path if self.live is not None else self.data_dir / DATABASE
        if not live_path.is_file():
            raise BackupError(f"There is no database in {self.data_dir}.")
        private_file(self.out / DATABASE)  # 0600 before SQLite opens it
        live = sqlite3.connect(live_path, timeout=30.0)
        snapshot = sqlite3.connect(self.out / DATABASE, isolation_level=None)
        try:
            live.backup(snapshot)  # every page in one step: one consistent read transaction
        finally:
            live.close()
            snapshot.close()
        return self._own_file()

    def _copy_snapshot(self, live: Database) -> sqlite3.Connection:
        from noomus_extranet.dbcopy import CopyError, copy_database

        private_file(self.out / DATABASE)
        snapshot = Database(DatabaseTarget(self.out / DATABASE))
        try:
            copy_database(live, snapshot)
        except CopyError as exc:
            raise BackupError(f"Cannot copy the database into the backup: {exc}") from exc
        finally:
            snapshot.close()
        return self._own_file()

    def _own_file(self) -> sqlite3.Connection:
        """The snapshot's connection, in one self-contained file (no -wal beside it; the
        server turns WAL on again)."""
        snapshot = sqlite3.connect(self.out / DATABASE, isolation_level=None)
        snapshot.execute("PRAGMA journal_mode=DELETE")
        snapshot.execute("PRAGMA synchronous=FULL")
        snapshot.row_factory = sqlite3.Row
        return snapshot

    def run(self) -> Manifest:
        try:
            deliveries = "SELECT id, path, size, sha256 FROM deliveries ORDER BY id"
            for row in self.snapshot.execute(deliveries).fetchall():
                self._delivery(row)
            for row in self.snapshot.execute(
                "SELECT id, user_id, \"offset\" FROM uploads WHERE state = 'open' ORDER BY id"
            ).fetchall():
                self._upload(row["id"], row["user_id"], row["offset"])
            self._audit_log()
        finally:
            self.snapshot.close()
        database = self.out / DATABASE
        fd = os.open(database, os.O_RDONLY)
        try:
            os.fsync(fd)  # SQLite synced its commits; this covers the backup's own pages too
        finally:
            os.close(fd)
        self.manifest.database = Entry(DATABASE, database.stat().st_size, sha256_file(database))
        sync_tree(self.out)
        write_durably(self.out / MANIFEST, self.manifest.to_json().encode(), private=True)
        return self.manifest

    def _delivery(self, row: sqlite3.Row) -> None:
        relative = f"inbox/{row['path']}"
        if not _PATHS.fullmatch(relative):
            raise BackupError(f"Delivery {row['id']} has an unexpected path {relative!r}.")
        size, sha256 = int(row["size"]), str(row["sha256"])
        target = private_dirs(self.out, relative)
        if self._link(relative, target, size, sha256):
            self.manifest.deliveries.append(Entry(relative, size, sha256))
            self.manifest.linked += 1
            return
        try:
            with (self.data_dir / relative).open("rb") as f:
                copied = _named(relative, copy_stream(f, target))
        except FileNotFoundError:
            self._purged_meanwhile(row["id"], relative)
            return
        if (copied.size, copied.sha256) != (size, sha256):
            raise BackupError(
                f"Delivery {row['id']}'s file {relative} does not match its size and SHA-256 in"
                " the database: the stored file is damaged."
            )
        self.manifest.deliveries.append(copied)

    def _link(self, relative: str, target: Path, size: int, sha256: str) -> bool:
        """Hard-link an unchanged delivery from the previous backup; False if it cannot."""
        earlier = self.previous.get(relative)
        if (
            self.prev_dir is None
            or earlier is None
            or (earlier.size, earlier.sha256)
            != (
                size,
                sha256,
            )
        ):
            return False
        source = self.prev_dir / relative
        try:
            if source.stat().st_size != size:
                return False
            os.link(source, target)
        except OSError as exc:
            if exc.errno in (errno.ENOENT, errno.EXDEV, errno.EPERM, errno.EMLINK):
                return False  # gone, another file system, or no links there: copy instead
            raise
        return True

    def _purged_meanwhile(self, delivery_id: int, relative: str) -> None:
        live = self.live or Database(self.data_dir / DATABASE)
        try:
            if live.one("SELECT 1 FROM deliveries WHERE id = ?", (delivery_id,)) is not None:
                raise BackupError(
                    f"Delivery {delivery_id}'s file {relative} is missing from the data directory."
                )
        finally:
            if live is not self.live:
                live.close()
        self.snapshot.execute("DELETE FROM deliveries WHERE id = ?", (delivery_id,))

    def _upload(self, upload_id: str, user_id: int, offset: int) -> None:
        relative = f"uploads/{upload_id}.part"
        if not _PATHS.fullmatch(relative):
            raise BackupError(f"Upload {upload_id!r} has an unexpected ID.")
        target = private_dirs(self.out, relative)
        # The part first, then the delivery: the order in which completion moves the file.
        for source in (relative, f"inbox/{user_id}/{upload_id}.age"):
            try:
                f = (self.data_dir / source).open("rb")
            except FileNotFoundError:
                continue
            with f:
                copied = _named(relative, copy_stream(f, target, limit=offset))
            if copied.size < offset:
                raise BackupError(
                    f"Upload {upload_id} holds {copied.size} bytes, fewer than the {offset}"
                    " its database row records."
                )
            self.manifest.uploads.append(copied)
            return
        self.snapshot.execute("UPDATE uploads SET state = 'expired' WHERE id = ?", (upload_id,))
        self.manifest.discarded.append(upload_id)

    def _audit_log(self) -> None:
        """The audit log as far as it is written now (lines are appended whole)."""
        try:
            f = (self.data_dir / AUDIT_LOG).open("rb")
        except FileNotFoundError:
            return
        with f:
            size = os.fstat(f.fileno()).st_size
            target = private_dirs(self.out, AUDIT_LOG)
            self.manifest.logs.append(_named(AUDIT_LOG, copy_stream(f, target, limit=size)))


def _named(path: str, entry: Entry) -> Entry:
    return Entry(path, entry.size, entry.sha256)


def create_backup(
    data_dir: Path, out: Path, previous: Path | None = None, live: Database | None = None
) -> Manifest:
    """Back up ``data_dir`` (a server may be running on it) into the new folder ``out``;
    ``live`` is its open database (None: the SQLite file in ``data_dir``)."""
    earlier = load_manifest(previous) if previous is not None else None
    empty_dir(out, "back up into")
    return _Backup(data_dir, out, earlier, previous, live).run()
