"""The audit log: security events as JSON lines in ``<data>/logs/audit.log`` (0600).

Separate from the access log (one line per request): this one says *what happened* to
accounts and to the service: sign-ins and their failures, refresh-token reuse, lost-password
reports, locks and unlocks, disables, suspensions, key changes, quota refusals, and every
admin command with the operating-system user who ran it. It holds client IPs (the policy asks
for them) and never a password, a token or a note typed by a user: fields are IDs, names
chosen by coordinators, and outcomes.

Each event is one ``write`` to a file opened ``O_APPEND``, so the server and admin commands
(other processes) append without overwriting each other and a line is never split. A write
that fails (a full disk) is reported on stderr and does not fail the request: the security
state itself is in the database (and written even then, ``reserve.py``).
"""

from __future__ import annotations

import getpass
import json
import logging
import os
from pathlib import Path

from noomus_extranet.db import Database, now, rfc3339
from noomus_extranet.usernames import user_key

log = logging.getLogger(__name__)

Field = str | int | float | bool | None


def audit_path(db: Database) -> Path:
    return db.path.parent / "logs" / "audit.log"


def os_user() -> str:
    """Who runs this admin command (and who they were before ``sudo``)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = f"uid {os.getuid()}" if hasattr(os, "getuid") else "unknown"
    sudo = os.environ.get("SUDO_USER")
    return f"{user} (sudo from {sudo})" if sudo and sudo != user else user


def known_user(db: Database, username: str) -> str | None:
    """The account a typed user ID names, if any: the typed text itself is never logged (it
    could be a password typed in the wrong field)."""
    row = db.one("SELECT username FROM users WHERE username_key = ?", (user_key(username),))
    return str(row["username"]) if row is not None else None


def record(db: Database, event: str, **fields: Field) -> None:
    """Append one event; callable from any thread or process."""
    entry = {"time": rfc3339(now()), "event": event, **fields}
    line = (json.dumps(entry, ensure_ascii=True, sort_keys=False) + "\n").encode()
    path = audit_path(db)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)
    except OSError as exc:
        log.error("audit log %s not written (%s): %s", path, exc.strerror, line.decode().strip())
