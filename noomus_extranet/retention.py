"""Retention: what the server keeps, and for how long (the policy says deliveries and the
access log's IP addresses are confidential, so they must not stay forever).

- A delivery goes ``after_fetch`` seconds after a staff member fetched it (default 30 days),
  and, if ``max_age`` is set, that long after it was received whether fetched or not (default
  off). Its file in the inbox and its rows (the delivery, its upload, and any row referring to
  them) go.
- Access-log lines older than ``access_log`` seconds go (default 90 days; ``accesslog.py``).
- Unfinished uploads are not this module's: the server's sweeper expires them
  (``Uploads.expire_due``).

The policy is stored in the database (``noomus-extranet retention``), so the server's daily
purge and an on-demand ``noomus-extranet purge`` always apply the same one, and a change needs
no restart.

Crash safety: the rows go first, in one transaction; the files after. A crash in between
leaves inbox files without a row: nothing lists or serves them, and every purge removes such
leftovers (a file is a leftover when neither a delivery nor an open upload names it, read in
one snapshot, so a delivery being completed right now is never taken for one).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

from noomus_extranet.accesslog import Trimmed, remove_old_lines
from noomus_extranet.audit import record
from noomus_extranet.db import Connection, Database, Row, references_to
from noomus_extranet.storage import fsync_dir

DAY = 24 * 3600
_SETTING = "retention_{}"
OFF = "off"
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": DAY}


@dataclass(frozen=True)
class Policy:
    """Seconds each kind of data is kept; ``None``: kept until removed by hand."""

    after_fetch: int | None = 30 * DAY
    max_age: int | None = None
    access_log: int | None = 90 * DAY

    @classmethod
    def load(cls, db: Database) -> Policy:
        values: dict[str, int | None] = {}
        for item in fields(cls):
            stored = db.setting(_SETTING.format(item.name))
            if stored:
                values[item.name] = None if stored == OFF else int(stored)
        return cls(**values)

    def store(self, db: Database) -> None:
        with db.transaction():
            for item in fields(self):
                value = getattr(self, item.name)
                db.set_setting(_SETTING.format(item.name), OFF if value is None else str(value))


def parse_duration(text: str) -> int | None:
    """``30d``, ``12h``, ``15m``, ``90s`` or plain seconds; ``off`` is ``None``."""
    text = text.strip().lower()
    if text == OFF:
        return None
    unit = _UNITS.get(text[-1:], 0)
    number = text[:-1] if unit else text
    if not number.isdigit():
        raise ValueError(f"not a duration: {text!r} (e.g. 30d, 12h, 90s or off)")
    return int(number) * (unit or 1)


def describe(seconds: int | None) -> str:
    if seconds is None:
        return OFF
    for suffix, size in sorted(_UNITS.items(), key=lambda unit: -unit[1]):
        if seconds % size == 0:
            return f"{seconds // size}{suffix}"
    return f"{seconds}s"  # pragma: no cover (every whole number of seconds matches "s")


@dataclass(frozen=True)
class Purged:
    """What one purge removed (or, dry, would remove)."""

    deliveries: tuple[int, ...] = ()
    bytes: int = 0
    leftover_files: int = 0
    access_log: Trimmed = field(default_factory=Trimmed)


def mark_fetched(db: Database, delivery_id: int, staff_user_id: int, at: float) -> bool:
    """Record that a staff member fetched a delivery. The first fetch counts (retention runs
    from it): returns whether this call was that first one (False if it was fetched before,
    or for an unknown delivery)."""
    with db.transaction() as conn:
        changed = conn.execute(
            "UPDATE deliveries SET fetched_at = ?, fetched_by = ?"
            " WHERE id = ? AND fetched_at IS NULL",
            (at, staff_user_id, delivery_id),
        ).rowcount
    return changed == 1


def purge(db: Database, policy: Policy, at: float, dry_run: bool = False) -> Purged:
    """Apply ``policy`` as of time ``at``; audited (counts only) unless ``dry_run``."""
    data_dir = db.path.parent
    inbox = data_dir / "inbox"
    if dry_run:
        due = _due(db.connection(), policy, at)
    else:
        with db.transaction() as conn:
            due = _due(conn, policy, at)
            _delete(conn, "deliveries", [row["id"] for row in due])
            _delete(conn, "uploads", [row["upload_id"] for row in due])
        for row in due:
            (inbox / row["path"]).unlink(missing_ok=True)
        for folder in {(inbox / row["path"]).parent for row in due}:
            fsync_dir(folder)
    leftovers = _leftovers(db, inbox)
    if not dry_run:
        for path in leftovers:
            path.unlink(missing_ok=True)
    trimmed = (
        Trimmed()
        if policy.access_log is None
        else remove_old_lines(data_dir / "logs", at - policy.access_log, dry_run)
    )
    purged = Purged(
        deliveries=tuple(row["id"] for row in due),
        bytes=sum(row["size"] for row in due),
        leftover_files=len(leftovers),
        access_log=trimmed,
    )
    if not dry_run:
        record(
            db,
            "purge",
            deliveries=len(purged.deliveries),
            bytes=purged.bytes,
            leftover_files=purged.leftover_files,
            access_log_lines=trimmed.lines,
            access_log_files=trimmed.files,
        )
    return purged


def _due(conn: Connection, policy: Policy, at: float) -> list[Row]:
    conditions: list[str] = []
    params: list[float] = []
    if policy.after_fetch is not None:
        conditions.append("(fetched_at IS NOT NULL AND fetched_at <= ?)")
        params.append(at - policy.after_fetch)
    if policy.max_age is not None:
        conditions.append("received_at <= ?")
        params.append(at - policy.max_age)
    if not conditions:
        return []
    where = " OR ".join(conditions)
    return list(
        conn.execute(
            f"SELECT id, upload_id, path, size FROM deliveries WHERE {where} ORDER BY id",  # noqa: S608
            params,
        ).fetchall()
    )


def _delete(conn: Connection, table: str, keys: list[object]) -> None:
    """Delete ``table``'s rows whose ``id`` is in ``keys``, and first the rows of any table
    that refers to them (foreign keys are on: a reference would refuse the delete)."""
    if not keys:
        return
    placeholders = ",".join("?" * len(keys))
    for child, column in references_to(conn, table):
        if child != table:
            conn.execute(
                f"DELETE FROM {child} WHERE {column} IN ({placeholders})",  # noqa: S608
                keys,
            )
    conn.execute(f"DELETE FROM {table} WHERE id IN ({placeholders})", keys)  # noqa: S608


def _leftovers(db: Database, inbox: Path) -> list[Path]:
    """Inbox files that neither a delivery nor an open upload names (see the module
    docstring). Files are listed before the database is read: one completed meanwhile is
    named by then."""
    files = sorted(inbox.glob("*/*.age")) if inbox.is_dir() else []
    if not files:
        return []
    with db.snapshot() as conn:  # both reads see one state of the database
        known = {row[0] for row in conn.execute("SELECT path FROM deliveries")}
        open_uploads = {
            row[0] for row in conn.execute("SELECT id FROM uploads WHERE state = 'open'")
        }
    return [
        path
        for path in files
        if str(path.relative_to(inbox)) not in known and path.stem not in open_uploads
    ]
