"""``noomus-staff keys generate``: a new staff identity, made on the staff member's machine.

Post-quantum hybrid by default (``mlkem768x25519``, ``age1pq1...`` as age 1.3 makes them), so
that what is sent today cannot be opened later by whoever records it now; X25519 on request,
for the stock ``age`` 1.1 CLI. The file is written 0600 and never overwritten; only the public
recipient goes to the coordinators (``noomus-extranet keys add``). With a passphrase, the file
is protected as ``age -p -a`` does (scrypt): a copied file alone opens nothing.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from noomus_desktop.core.crypto import generate_identity, protect_identity
from noomus_desktop.staff.errors import StaffError


def generate_key(out: Path, *, classic: bool = False, passphrase: str | None = None) -> str:
    """Write a new identity to ``out`` (protected by ``passphrase`` if given); returns its
    public recipient."""
    identity = generate_identity(post_quantum=not classic)
    recipient = str(identity.recipient())
    created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    text = f"# created: {created}\n# public key: {recipient}\n{identity.to_string()}\n"
    data = text.encode("ascii")
    if passphrase is not None:
        data = protect_identity(data, passphrase)
    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise StaffError(
            f"{out} already exists; a key is never overwritten. Choose another --out."
        ) from None
    except OSError as exc:
        raise StaffError(f"Cannot create {out} ({exc.strerror}).") from None
    with os.fdopen(fd, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    return recipient
