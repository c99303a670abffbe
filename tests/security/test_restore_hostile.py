"""``noomus-extranet restore`` given a backup that lies: its manifest matches its files (sizes
and SHA-256 recomputed, as anyone who can write the backup can), but the database is not
SQLite, or is of a schema from a newer server while the manifest says otherwise. The restore
refuses each with a reason, as its own process, and leaves no data directory behind."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from noomus_extranet.backup import MANIFEST, create_backup
from noomus_extranet.db import MIGRATIONS
from tests.unit.test_backup import Server


def _not_sqlite(database: Path) -> None:
    database.write_bytes(os.urandom(8192))


def _from_the_future(database: Path) -> None:
    conn = sqlite3.connect(database)
    try:
        conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
        conn.commit()
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("damage", "reason"),
    [(_not_sqlite, "file is not a database"), (_from_the_future, "made by a newer server")],
)
def test_a_backup_whose_database_lies_is_refused(
    tmp_path: Path, damage: Callable[[Path], None], reason: str
) -> None:
    server = Server(tmp_path / "data")
    server.delivery(os.urandom(500))
    server.db.close()
    backup = tmp_path / "backup"
    create_backup(server.data_dir, backup)
    database = backup / "extranet.sqlite3"
    damage(database)
    manifest = json.loads((backup / MANIFEST).read_text())
    manifest["database"]["size"] = database.stat().st_size
    manifest["database"]["sha256"] = hashlib.sha256(database.read_bytes()).hexdigest()
    (backup / MANIFEST).write_text(json.dumps(manifest))
    target = tmp_path / "restored"
    restored = subprocess.run(
        [sys.executable, "-m", "noomus_extranet", "restore", str(backup), "--data", str(target)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert restored.returncode == 1, restored.stdout
    assert "not consistent" in restored.stderr and reason in restored.stderr, restored.stderr
    assert "Traceback" not in restored.stderr
    assert not target.exists() or not list(target.iterdir())
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".restored")] == []
