"""The persistent transfer queue: SQLite in WAL mode under the data folder.

Every state change is committed before it is reported, so a ``kill -9`` loses nothing but
the bytes of the request in flight: after a restart each unfinished transfer resumes from
the server's offset. The database holds no secret. The one secret of a transfer (its
encryption plan) lives in its own file readable by the user alone, and only until the
transfer ends. The delivery history (file names included) stays on this machine.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from enum import StrEnum
from pathlib import Path

from noomus_desktop.core import paths
from noomus_desktop.core.fsutil import remove_leftovers, write_durably
from noomus_desktop.core.scan import ScannedFile


class TransferState(StrEnum):
    """Where a transfer stands. The values are stable (stored, and used as message keys)."""

    QUEUED = "queued"
    #: Fingerprinting the file (one SHA-256 pass) and creating the upload.
    PREPARING = "preparing"
    UPLOADING = "uploading"
    #: Every byte sent; waiting for the server to confirm the delivery ("sent" is not "delivered").
    VERIFYING = "verifying"
    #: Waiting for the next automatic attempt after a transient error.
    RETRYING = "retrying"
    PAUSED = "paused"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        """No more work will happen without the user asking (retry)."""
        return self in _FINISHED

    @property
    def pending(self) -> bool:
        """The engine will work on it by itself (a batch with such a transfer is not over)."""
        return self in _PENDING


_FINISHED = frozenset({TransferState.DONE, TransferState.FAILED, TransferState.CANCELLED})
_PENDING = frozenset(
    {
        TransferState.QUEUED,
        TransferState.PREPARING,
        TransferState.UPLOADING,
        TransferState.VERIFYING,
        TransferState.RETRYING,
    }
)


@dataclass(frozen=True)
class TransferRecord:
    """One file on its way to a destination: an immutable snapshot of its row.

    ``size`` is the plaintext size; ``total`` the ciphertext size (what progress counts),
    ``None`` until the encryption plan exists; ``offset`` the bytes the server confirmed.
    """

    id: int
    batch_id: str
    destination: str
    path: str
    relative_path: str
    size: int
    mtime_ns: int
    sha256: str | None
    state: TransferState
    upload_url: str | None
    offset: int
    total: int | None
    error_code: str | None
    error_message: str | None
    delivery_id: str | None
    attempts: int
    created_at: float
    updated_at: float

    @property
    def name(self) -> str:
        """The file name shown to the user (last part of the relative path)."""
        return self.relative_path.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class HistoryEntry:
    """A delivered file, as remembered on this machine only."""

    transfer_id: int
    destination: str
    relative_path: str
    size: int
    delivery_id: str | None
    delivered_at: float


_COLUMNS = tuple(f.name for f in fields(TransferRecord))
#: Columns whose loss in a power cut could make a second upload of one file (the upload's
#: URL, the plan's figures, the delivery): their changes are committed with
#: ``synchronous=FULL`` (an fsync of the log before the commit returns); the rest (offsets,
#: progress) with ``NORMAL``, which a power cut may roll back harmlessly.
_DURABLE = frozenset({"upload_url", "total", "sha256", "delivery_id"})
_MUTABLE = frozenset(_COLUMNS) - {"id", "batch_id", "destination", "created_at"}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS transfers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    batch_id TEXT NOT NULL,
    destination TEXT NOT NULL,
    path TEXT NOT NULL,
    relative_path TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT,
    state TEXT NOT NULL,
    upload_url TEXT,
    offset INTEGER NOT NULL DEFAULT 0,
    total INTEGER,
    error_code TEXT,
    error_message TEXT,
    delivery_id TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS transfers_by_file ON transfers (destination, path);
CREATE TABLE IF NOT EXISTS history (
    transfer_id INTEGER NOT NULL,
    destination TEXT NOT NULL,
    relative_path TEXT NOT NULL,
    size INTEGER NOT NULL,
    delivery_id TEXT,
    delivered_at REAL NOT NULL
);
"""


def default_path() -> Path:
    return paths.data_dir() / "transfers.sqlite3"


class TransferStore:
    """Thread-safe access to the queue database and the per-transfer plan files."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path or default_path()
        self._plans = self._path.parent / "plans"
        self._plans.mkdir(mode=0o700, exist_ok=True)
        # A folder made by an older release or by hand keeps its mode through mkdir: tighten
        # it, and drop what a crash mid-write left (a plan's temporary holds a secret key).
        self._plans.chmod(0o700)
        remove_leftovers(self._plans)
        for plan in self._plans.glob("*.plan"):
            with contextlib.suppress(FileNotFoundError):  # another process ended its transfer
                plan.chmod(0o600)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self._path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- transfers -------------------------------------------------------------------------

    def add(
        self, batch_id: str, destination: str, files: Iterable[ScannedFile]
    ) -> list[TransferRecord]:
        """Insert new queued transfers in one transaction."""
        now = time.time()
        with self._lock, self._transaction():
            ids = [
                self._db.execute(
                    "INSERT INTO transfers (batch_id, destination, path, relative_path, size,"
                    " mtime_ns, state, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
                    (
                        batch_id,
                        destination,
                        f.path,
                        f.relative_path,
                        f.size,
                        f.mtime_ns,
                        TransferState.QUEUED.value,
                        now,
                        now,
                    ),
                ).lastrowid
                for f in files
            ]
            return [self._get_locked(int(i or 0)) for i in ids]

    def get(self, transfer_id: int) -> TransferRecord:
        with self._lock:
            return self._get_locked(transfer_id)

    def transfers(
        self, destination: str | None = None, states: Sequence[TransferState] | None = None
    ) -> list[TransferRecord]:
        """Transfers in the order they were added, optionally filtered."""
        query = f"SELECT {', '.join(_COLUMNS)} FROM transfers WHERE 1=1"  # noqa: S608 (fixed names)
        args: list[object] = []
        if destination is not None:
            query += " AND destination = ?"
            args.append(destination)
        if states is not None:
            query += f" AND state IN ({','.join('?' * len(states))})"
            args.extend(s.value for s in states)
        with self._lock:
            rows = self._db.execute(query + " ORDER BY id", args).fetchall()
        return [_record(r) for r in rows]

    def update(self, transfer_id: int, **changes: object) -> TransferRecord:
        """Change some columns of one transfer and return the new snapshot."""
        with self._lock, self._synchronous(full=self._durable(changes)):
            return self._update_locked(transfer_id, changes)

    def deliver(self, transfer_id: int, **changes: object) -> TransferRecord:
        """Mark a transfer ``DONE`` (with ``changes``) and enter it in the delivery history,
        in one transaction: one fsync instead of two, and no crash between them can leave a
        delivered transfer out of the history."""
        changes["state"] = TransferState.DONE
        with self._lock, self._synchronous(full=True), self._transaction():
            record = self._update_locked(transfer_id, changes)
            self._insert_history(record)
        return record

    @staticmethod
    def _durable(changes: dict[str, object]) -> bool:
        return bool(_DURABLE & changes.keys()) or changes.get("state") is TransferState.DONE

    def _update_locked(self, transfer_id: int, changes: dict[str, object]) -> TransferRecord:
        unknown = set(changes) - _MUTABLE
        if unknown:
            raise ValueError(f"not updatable: {sorted(unknown)}")
        changes["updated_at"] = time.time()
        values = [v.value if isinstance(v, TransferState) else v for v in changes.values()]
        assignments = ", ".join(f"{name} = ?" for name in changes)
        self._db.execute(
            f"UPDATE transfers SET {assignments} WHERE id = ?",  # noqa: S608 (whitelisted)
            (*values, transfer_id),
        )
        return self._get_locked(transfer_id)

    def move_to_batch(self, transfer_id: int, batch_id: str) -> TransferRecord:
        """Attach an existing transfer to a newer batch (the same file dropped again)."""
        with self._lock:
            self._db.execute(
                "UPDATE transfers SET batch_id = ?, updated_at = ? WHERE id = ?",
                (batch_id, time.time(), transfer_id),
            )
            return self._get_locked(transfer_id)

    def remove(self, transfer_ids: Iterable[int]) -> None:
        """Forget transfers (their history entries stay)."""
        ids = list(transfer_ids)
        with self._lock, self._transaction():
            self._db.executemany("DELETE FROM transfers WHERE id = ?", [(i,) for i in ids])
        for i in ids:
            self.delete_plan(i)

    def _insert_history(self, record: TransferRecord) -> None:
        self._db.execute(
            "INSERT INTO history VALUES (?,?,?,?,?,?)",
            (
                record.id,
                record.destination,
                record.relative_path,
                record.size,
                record.delivery_id,
                time.time(),
            ),
        )

    def history(self, limit: int = 100) -> list[HistoryEntry]:
        """Delivered files, newest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM history ORDER BY delivered_at DESC, rowid DESC LIMIT ?", (limit,)
            ).fetchall()
        return [HistoryEntry(*row) for row in rows]

    # -- secret per-transfer state ---------------------------------------------------------

    def _plan_path(self, transfer_id: int) -> Path:
        return self._plans / f"{transfer_id}.plan"

    def save_plan(self, transfer_id: int, secret: bytes) -> None:
        """Write the serialised plan atomically and durably, readable by the user alone
        (the server may already hold an upload that only this plan can finish)."""
        write_durably(self._plan_path(transfer_id), secret, private=True)

    def load_plan(self, transfer_id: int) -> bytes | None:
        try:
            return self._plan_path(transfer_id).read_bytes()
        except FileNotFoundError:
            return None

    def delete_plan(self, transfer_id: int) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._plan_path(transfer_id).unlink()

    # -- internals -------------------------------------------------------------------------

    @contextlib.contextmanager
    def _synchronous(self, *, full: bool) -> Iterator[None]:
        """Commit what the block writes with ``synchronous=FULL`` if ``full`` (lock held)."""
        if not full:
            yield
            return
        self._db.execute("PRAGMA synchronous=FULL")
        try:
            yield
        finally:
            self._db.execute("PRAGMA synchronous=NORMAL")

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _get_locked(self, transfer_id: int) -> TransferRecord:
        row = self._db.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM transfers WHERE id = ?",  # noqa: S608
            (transfer_id,),
        ).fetchone()
        if row is None:
            raise KeyError(transfer_id)
        return _record(row)


def _record(row: Sequence[object]) -> TransferRecord:
    values = dict(zip(_COLUMNS, row, strict=True))
    values["state"] = TransferState(str(values["state"]))
    return TransferRecord(**values)  # type: ignore[arg-type]
