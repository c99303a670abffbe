"""The service's settings: one frozen value built by the CLI (or the demo) and handed to the app."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

GIB = 1024**3


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("noomus-extranet", "Noomus"))


@dataclass(frozen=True)
class Contact:
    email: str = "coordinators@noomus.fi"
    phone: str = "+358 2 123 4567"
    address: str = "Noomus Oy, Coordinators, Turku, Finland"


@dataclass(frozen=True)
class RateLimit:
    """At most ``attempts`` within ``window`` seconds."""

    attempts: int
    window: float


@dataclass(frozen=True)
class ServerConfig:
    data_dir: Path
    #: ``--database``: ``sqlite:///...`` or ``postgresql://...``; None = SQLite in ``data_dir``.
    database: str | None = None
    #: Base URL clients reach us at (behind a proxy); None = derived from each request.
    public_url: str | None = None
    #: Peers whose X-Forwarded-For / X-Forwarded-Proto are believed (addresses or networks).
    trusted_proxies: tuple[str, ...] = ()
    access_token_ttl: int = 900
    refresh_token_ttl: int = 30 * 24 * 3600
    #: A device session ends this long after its sign-in, however often it refreshes.
    session_lifetime: int = 90 * 24 * 3600
    upload_expiry: int = 7 * 24 * 3600
    max_upload_size: int = 100 * GIB
    #: Characters of ``Upload-Metadata``: room for a small file's manifest in the 1 or 4 KiB
    #: bucket (``docs/api.md``, format 2; the desktop app sends at most 12 KiB).
    max_metadata_size: int = 12 * 1024
    login_per_user: RateLimit = RateLimit(5, 300.0)
    login_per_ip: RateLimit = RateLimit(30, 300.0)
    report_per_ip: RateLimit = RateLimit(5, 3600.0)
    #: Accounts one IP can lock by lost-password reports (noomus_extranet/lost.py).
    locks_per_ip: RateLimit = RateLimit(20, 24 * 3600.0)
    contact: Contact = field(default_factory=Contact)
    request_account_url: str = "https://noomus.fi/extranet/request-account"
    #: While streaming a PATCH, re-check the token and account every this many bytes, but at
    #: most once per ``recheck_interval`` seconds (at line rate the checks cost more than the
    #: writing; 20 ms is still within a few dozen megabytes on loopback).
    recheck_bytes: int = 4 * 1024 * 1024
    recheck_interval: float = 0.02
    #: Make received bytes durable (fsync + record the offset) every this many bytes.
    commit_bytes: int = 64 * 1024 * 1024
    #: Stop reading a request body after this many seconds without a byte (dead connection).
    body_idle_timeout: float = 60.0
    access_log_stderr: bool = True
    #: A JSON request body: at most this many bytes, whole within ``body_idle_timeout``.
    max_json_body: int = 64 * 1024
    #: Connections: how many at once, and their headers' time and size (connections.py).
    max_connections: int = 500
    header_timeout: float = 10.0
    max_header_bytes: int = 32 * 1024
    #: Seconds an idle kept-alive connection stays open between requests.
    keep_alive_timeout: int = 5
    #: Per user: the most bytes declared by unfinished uploads, and the most such uploads.
    quota_bytes: int = 100 * GIB
    quota_uploads: int = 200
    #: Uploads stop (507) when the disk's free space is below the smaller of these.
    disk_reserve: int = 2 * GIB
    disk_reserve_percent: float = 5.0
    #: Room kept for security writes on a full disk (noomus_extranet/reserve.py).
    security_reserve: int = 16 * 1024 * 1024
    #: Seconds between purges (noomus_extranet/retention.py; the first one runs at start).
    purge_interval: float = 24 * 3600.0
