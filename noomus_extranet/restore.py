"""Restoring a backup (:mod:`noomus_extranet.backup`) into a new data directory, and checking
that a data directory's database and files agree.

A restore refuses a backup without a complete manifest, a backup file that does not match its
manifest (size and SHA-256, all checked while copying), a backup made by a newer server, and
a target that holds anything: a live data directory always holds its database, and nothing
restored may mix with what is there. It copies into a hidden folder beside the target, checks
that the restored database and files agree (:func:`check_data_dir`), and only then renames
that folder to the target, so a refused or interrupted restore leaves no data directory
behind. The copies are real copies, not links: the restored server owns its files.
"""

from __future__ import annotations

import secrets
import shutil
import sqlite3
from collections.abc import Mapping
from pathlib import Path

from noomus_desktop.core.fsutil import sha256_file
from noomus_extranet.admin import open_database
from noomus_extranet.audit import os_user, record
from noomus_extranet.backup import (
    BackupError,
    Manifest,
    copy_stream,
    empty_dir,
    load_manifest,
    private_dirs,
    sync_tree,
)
from noomus_extranet.db import MIGRATIONS
from noomus_extranet.filemodes import DATABASE
from noomus_extranet.storage import fsync_dir


def check_data_dir(data_dir: Path, digests: Mapping[str, str] | None = None) -> list[str]:
    """What is inconsistent in ``data_dir`` (empty: nothing): the database's integrity, every
    delivery's file (size and SHA-256 as recorded; ``digests`` gives already verified digests
    by relative path, the others are computed), every open upload's part (at least its
    recorded offset long)."""
    problems: list[str] = []
    conn = sqlite3.connect(data_dir / DATABASE, timeout=30.0)
    conn.row_factory = sqlite3.Row
    try:
        try:
            integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        except sqlite3.DatabaseError as exc:  # not SQLite at all: nothing else can be read
            return [f"database: {exc}"]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):  # what the database says, whatever the manifest says
            return [f"the database is of schema version {version}, made by a newer server"]
        if integrity != ["ok"]:
            problems.append(f"database integrity: {'; '.join(integrity)}")
        for row in conn.execute("SELECT id, path, size, sha256 FROM deliveries"):
            relative = f"inbox/{row['path']}"
            path = data_dir / relative
            if not path.is_file():
                problems.append(f"delivery {row['id']}: {relative} is missing")
            elif path.stat().st_size != row["size"]:
                problems.append(f"delivery {row['id']}: {relative} is not {row['size']} bytes")
            else:
                known = (digests or {}).get(relative)
                if (known if known is not None else sha256_file(path)) != row["sha256"]:
                    problems.append(f"delivery {row['id']}: {relative} has another SHA-256")
        for row in conn.execute("SELECT id, \"offset\" FROM uploads WHERE state = 'open'"):
            part = data_dir / "uploads" / f"{row['id']}.part"
            if not part.is_file() or part.stat().st_size < row["offset"]:
                problems.append(f"upload {row['id']}: fewer than {row['offset']} bytes stored")
    finally:
        conn.close()
    return problems


def _copy_verified(backup_dir: Path, staging: Path, manifest: Manifest) -> None:
    for entry in manifest.entries():
        try:
            with (backup_dir / entry.path).open("rb") as f:
                copied = copy_stream(f, private_dirs(staging, entry.path))
        except FileNotFoundError:
            raise BackupError(f"The backup is missing {entry.path}.") from None
        if (copied.size, copied.sha256) != (entry.size, entry.sha256):
            raise BackupError(
                f"{entry.path} in the backup does not match its manifest (size or SHA-256):"
                " the backup is damaged."
            )


def restore_backup(backup_dir: Path, target: Path) -> Manifest:
    """Restore the backup in ``backup_dir`` into ``target`` (absent or an empty folder)."""
    manifest = load_manifest(backup_dir)
    if manifest.schema_version > len(MIGRATIONS):
        raise BackupError(
            f"The backup's database is of schema version {manifest.schema_version}; this"
            f" server knows up to {len(MIGRATIONS)}. Restore it with a newer server."
        )
    target = target.absolute()
    empty_dir(target, "restore into")  # refuses a live (non-empty) data directory
    staging = target.with_name(f".{target.name}.restoring-{secrets.token_hex(4)}")
    empty_dir(staging, "restore into")
    try:
        _copy_verified(backup_dir, staging, manifest)
        problems = check_data_dir(staging, {e.path: e.sha256 for e in manifest.deliveries})
        if problems:
            raise BackupError("The backup is not consistent: " + "; ".join(problems))
        sync_tree(staging)
        target.rmdir()
        staging.rename(target)
        fsync_dir(target.parent)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    db = open_database(target)  # migrates a backup of an older server, as a start would
    try:
        record(
            db,
            "backup_restored",
            backup=str(backup_dir.absolute()),
            created=manifest.created,
            os_user=os_user(),
        )
    finally:
        db.close()
    return manifest
