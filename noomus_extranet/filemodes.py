"""Private files: the data directory holds password hashes, client IPs and device names.

The database, its WAL and ``access.log`` used to be created 0644 when the data directory
already existed (only a directory the server created itself was 0700). Now the CLI runs with
umask 077 (``cli.main``), and :func:`prepare_data_dir` makes the directory 0700 and the
database, its WAL/SHM and the logs 0600 whatever they were, creating the database file 0600
before SQLite opens it (SQLite gives its WAL and SHM the database file's mode), so the demo
server, which runs inside the desktop app without changing its umask, is private too.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

DATABASE = "extranet.sqlite3"
LOGS = "logs"


def private_dir(path: Path) -> None:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)


def private_file(path: Path) -> None:
    """Create ``path`` empty if missing; either way make it 0600."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    path.chmod(0o600)


def prepare_data_dir(data_dir: Path, sqlite: bool = True) -> Path:
    """Make the data directory and what it holds private; returns the database path (created
    empty, 0600, unless ``sqlite`` is False: the database is elsewhere, on PostgreSQL)."""
    private_dir(data_dir)
    database = data_dir / DATABASE
    if sqlite:
        private_file(database)
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            data_dir.joinpath(DATABASE + suffix).chmod(0o600)
    logs = data_dir / LOGS
    private_dir(logs)
    for log in logs.iterdir():
        if log.is_file():
            log.chmod(0o600)
    for folder in ("uploads", "inbox", "reserve"):
        if data_dir.joinpath(folder).is_dir():
            data_dir.joinpath(folder).chmod(0o700)
    return database
