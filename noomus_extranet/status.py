"""``noomus-extranet status``: the figures an operator checks, one per line, on the terminal.

Disk free space against the reserve below which uploads stop, unfinished uploads and what they
hold, each user's quota use, the deliveries waiting to be fetched, and the retention policy.
User IDs are printed through :func:`display.printable` (nothing a terminal would interpret).
"""

from __future__ import annotations

from noomus_extranet.db import Database, now, rfc3339
from noomus_extranet.display import printable
from noomus_extranet.quota import DiskReserve, Limits, user_limits
from noomus_extranet.retention import Policy, describe


def status_lines(db: Database, disk: DiskReserve, default_quota: Limits) -> list[str]:
    free, required = disk.free(), disk.required()
    state = "ok" if free >= required else "BELOW THE RESERVE: uploads are refused"
    lines = [f"disk free: {free} bytes (uploads stop below {required}): {state}"]
    uploads = db.one(
        "SELECT COUNT(*) AS n, COALESCE(SUM(length), 0) AS declared,"
        " COALESCE(SUM(\"offset\"), 0) AS received FROM uploads WHERE state = 'open'"
    )
    assert uploads is not None
    lines.append(
        f"unfinished uploads: {uploads['n']} ({uploads['declared']} bytes declared,"
        f" {uploads['received']} received)"
    )
    conn = db.connection()
    for row in db.all(
        "SELECT u.id, u.username, COUNT(*) AS n, SUM(p.length) AS declared FROM uploads p"
        " JOIN users u ON u.id = p.user_id WHERE p.state = 'open'"
        " GROUP BY u.id ORDER BY declared DESC"
    ):
        limits = user_limits(conn, row["id"], default_quota)
        lines.append(
            f"  quota use of {printable(row['username'])}: {row['n']} of {limits.max_uploads}"
            f" uploads, {row['declared']} of {limits.max_bytes} bytes"
        )
    waiting = db.one(
        "SELECT COUNT(*) AS n, COALESCE(SUM(size), 0) AS bytes, MIN(received_at) AS oldest"
        " FROM deliveries WHERE fetched_at IS NULL"
    )
    assert waiting is not None
    oldest = (
        f", the oldest received {rfc3339(waiting['oldest'])}"
        f" ({int(now() - waiting['oldest']) // 3600} h ago)"
        if waiting["oldest"] is not None
        else ""
    )
    lines.append(
        f"deliveries waiting to be fetched: {waiting['n']} ({waiting['bytes']} bytes){oldest}"
    )
    policy = Policy.load(db)
    lines.append(
        f"retention: deliveries {describe(policy.after_fetch)} after fetching, at most"
        f" {describe(policy.max_age)} in all; access log {describe(policy.access_log)}"
    )
    return lines
