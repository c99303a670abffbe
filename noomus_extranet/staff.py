"""``noomus-extranet deliveries decrypt``: a delivery stored on this server, decrypted with a
staff identity and restored under its customer's name (kept for deliveries copied by hand;
staff normally fetch from their own machines with ``noomus-staff``, so that the identity never
touches the server).

The restoring itself (safe names, the manifest binding check, never overwriting) is the staff
tool's: :mod:`noomus_desktop.staff.restore`.
"""

from __future__ import annotations

from pathlib import Path

from noomus_desktop.core.crypto import CryptoError
from noomus_desktop.staff.errors import StaffError
from noomus_desktop.staff.restore import restore
from noomus_extranet.admin import AdminError
from noomus_extranet.db import Row
from noomus_extranet.storage import Storage
from noomus_extranet.tus.headers import metadata_value

META_KEY = "noomus-meta"
#: Delivery format 2: the manifest the client sent after the data (``docs/api.md``).
MANIFEST_KEY = "noomus-manifest"


def encrypted_manifest(delivery: Row) -> bytes | None:
    """The delivery's encrypted name metadata (its manifest), or None: the one place the
    server reads it (the staff API's manifest route and this command)."""
    stored = delivery["metadata"]
    return metadata_value(stored, MANIFEST_KEY) or metadata_value(stored, META_KEY) or None


def decrypt_delivery(delivery: Row, storage: Storage, identity_text: str, out_dir: Path) -> Path:
    """Write the plaintext under ``out_dir`` at its safe path; returns that path.

    Without metadata the file is ``delivery-<id>.bin``. A path that would land outside
    ``out_dir`` is refused. Metadata that does not match the delivery is refused: the file
    is written as ``delivery-<id>.bin`` and ``AdminError`` says why.
    """
    source = storage.inbox / delivery["path"]
    try:
        restored = restore(
            source,
            encrypted_manifest(delivery),
            identity_text,
            out_dir,
            f"delivery-{delivery['id']}.bin",
        )
    except CryptoError as exc:
        raise AdminError(f"Cannot decrypt delivery {delivery['id']}: {exc}") from exc
    except OSError as exc:
        raise AdminError(f"Cannot write under {out_dir}: {exc.strerror}") from exc
    except StaffError as exc:
        raise AdminError(exc.message) from exc
    if restored.refused is not None:
        raise AdminError(
            f"Delivery {delivery['id']}: its file name was refused because its metadata does"
            f" not match the delivery ({restored.refused}); the file was written as"
            f" {restored.path}."
        )
    return restored.path
