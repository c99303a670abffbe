"""Per-user quotas on unfinished uploads, and the free space the server keeps on its disk.

Without them one customer created 300 uploads of 100 GiB in 1.6 s and then filled the disk.
A creation is refused with ``507 quota_exceeded`` past the user's limits (bytes declared by
their unfinished uploads, and how many there are), and creations and PATCHes are refused with
``507 storage_full`` once the disk's free space falls below the reserve (the smaller of
``disk_reserve`` bytes and ``disk_reserve_percent`` of the file system, so a small disk still
works). Both answers carry ``Retry-After``: uploads finish or expire, and space comes back.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from noomus_extranet.db import Connection
from noomus_extranet.errors import ApiError
from noomus_extranet.reserve import storage_full

#: Seconds before a creation past the quota is worth retrying (the user's uploads progress).
QUOTA_RETRY_AFTER = "60"


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_uploads: int


def quota_exceeded(limits: Limits) -> ApiError:
    return ApiError(
        507,
        "quota_exceeded",
        f"Too many unfinished uploads for this account (at most {limits.max_uploads},"
        f" {limits.max_bytes} bytes in all). Finish or remove some, or try again later.",
        {"Retry-After": QUOTA_RETRY_AFTER},
    )


def user_limits(conn: Connection, user_id: int, default: Limits) -> Limits:
    """The user's own limits (``users set-quota``), else the server's."""
    row = conn.execute(
        "SELECT max_bytes, max_uploads FROM quotas WHERE user_id = ?", (user_id,)
    ).fetchone()
    if row is None:
        return default
    return Limits(
        default.max_bytes if row["max_bytes"] is None else row["max_bytes"],
        default.max_uploads if row["max_uploads"] is None else row["max_uploads"],
    )


def check_new_upload(conn: Connection, user_id: int, length: int, default: Limits) -> Limits:
    """Refuse an upload of ``length`` bytes past the user's limits. Call it inside the
    transaction that inserts the upload, so parallel creations cannot all pass."""
    limits = user_limits(conn, user_id, default)
    row = conn.execute(
        "SELECT COUNT(*) AS n, COALESCE(SUM(length), 0) AS bytes FROM uploads"
        " WHERE user_id = ? AND state = 'open'",
        (user_id,),
    ).fetchone()
    if row["n"] + 1 > limits.max_uploads or row["bytes"] + length > limits.max_bytes:
        raise quota_exceeded(limits)
    return limits


@dataclass(frozen=True)
class DiskReserve:
    """Keep ``min(size, percent % of the file system)`` free under ``folder``."""

    folder: Path
    size: int
    percent: float

    def required(self) -> int:
        stat = os.statvfs(self.folder)
        return int(min(self.size, stat.f_blocks * stat.f_frsize * self.percent / 100))

    def free(self) -> int:
        stat = os.statvfs(self.folder)
        return stat.f_bavail * stat.f_frsize

    def check(self) -> None:
        """``507 storage_full`` when the free space is below the reserve (a statvfs: cheap)."""
        if self.free() < self.required():
            raise storage_full()


def set_user_limits(
    conn: Connection, user_id: int, max_bytes: int | None, max_uploads: int | None
) -> None:
    """Store a user's limits; ``None`` means the server's default."""
    conn.execute(
        "INSERT INTO quotas(user_id, max_bytes, max_uploads) VALUES (?, ?, ?)"
        " ON CONFLICT(user_id) DO UPDATE SET max_bytes = excluded.max_bytes,"
        " max_uploads = excluded.max_uploads",
        (user_id, max_bytes, max_uploads),
    )
