"""The queue as it stands before sign-in: the unfinished transfers to this server.

Signed out, the engine does not run, yet the customer's files are still on their way: the
window and ``noomus-upload status`` show them (marked "Waiting for sign-in"), and the window
never says "Nothing to send yet". Transfers are kept per upload address, which only the
server names; any address on the configured server's origin is this server's.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from noomus_desktop.core.queue import TransferRecord, TransferStore


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), parts.port or default


def waiting_transfers(store: TransferStore, server_url: str) -> list[TransferRecord]:
    """Unfinished transfers whose upload address is on ``server_url``'s origin (blocking I/O)."""
    origin = _origin(server_url)
    return [
        record
        for record in store.transfers()
        if not record.state.finished and _origin(record.destination) == origin
    ]
