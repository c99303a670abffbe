"""Staff side of a delivery: decrypt it with an identity kept off the server and restore the
original name and folder from the encrypted ``noomus-meta`` metadata."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from noomus_desktop.core.crypto import CryptoError, decrypt_file, decrypt_metadata
from noomus_extranet.admin import AdminError
from noomus_extranet.storage import Storage
from noomus_extranet.tusheaders import metadata_value

META_KEY = "noomus-meta"


def decrypt_delivery(
    delivery: sqlite3.Row, storage: Storage, identity_text: str, out_dir: Path
) -> Path:
    """Write the plaintext under ``out_dir``; returns its path.

    Without metadata the file is ``delivery-<id>.bin``. A name that would land outside
    ``out_dir`` is refused, whatever the metadata says.
    """
    source = storage.inbox / delivery["path"]
    relative = Path(f"delivery-{delivery['id']}.bin")
    encrypted_meta = metadata_value(delivery["metadata"], META_KEY)
    try:
        if encrypted_meta:
            relative = Path(decrypt_metadata(encrypted_meta, identity_text).relative_path)
        target = _inside(out_dir, relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            raise AdminError(f"{target} already exists; refusing to overwrite it.")
        decrypt_file(source, target, identity_text)
    except CryptoError as exc:
        raise AdminError(f"Cannot decrypt delivery {delivery['id']}: {exc}") from exc
    except OSError as exc:
        raise AdminError(f"Cannot write under {out_dir}: {exc.strerror}") from exc
    return target


def _inside(out_dir: Path, relative: Path) -> Path:
    root = out_dir.resolve()
    target = (root / relative).resolve()
    if relative.is_absolute() or not target.is_relative_to(root) or target == root:
        raise AdminError("The delivery's file name would escape the output folder; refused.")
    return target
