"""Decrypt a delivery into an output folder under its customer's name, or a neutral one.

The name and folder come from the delivery's manifest, and only when the manifest matches
the delivery (:func:`~noomus_desktop.staff.verify.mismatch`); otherwise, or without a
manifest, the file gets the neutral name it was given. Names are made safe for this machine
(:mod:`~noomus_desktop.staff.names`), nothing lands outside the output folder, and an
existing file is never overwritten (``name (2).ext`` instead). Used by ``noomus-staff`` and
by the server's own ``noomus-extranet deliveries decrypt``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from noomus_desktop.core.crypto import Identities, decrypt_file, decrypt_metadata
from noomus_desktop.staff.names import inside, safe_name
from noomus_desktop.staff.verify import mismatch


@dataclass(frozen=True)
class Restored:
    """Where the plaintext went, and why its manifest's name was refused (None: it was not,
    or there was no manifest: see :attr:`had_manifest`)."""

    path: Path
    refused: str | None
    had_manifest: bool


def restore(
    source: Path, manifest: bytes | None, identities: Identities, out_dir: Path, neutral: str
) -> Restored:
    """Decrypt ``source`` (an age file) under ``out_dir``.

    Raises :class:`~noomus_desktop.core.crypto.CryptoError` (not for this identity, damaged),
    ``OSError`` (the output folder), and
    :class:`~noomus_desktop.staff.errors.StaffError` for a path that would escape ``out_dir``.
    """
    parts = [neutral]
    refused = None
    if manifest:
        meta = decrypt_metadata(manifest, identities)
        refused = mismatch(meta, source, identities)
        if refused is None:
            parts = meta.relative_path.split("/")
    folder = inside(out_dir, [safe_name(part) for part in parts[:-1]])
    folder.mkdir(parents=True, exist_ok=True)
    written = _decrypt_beside_others(source, folder, parts[-1], identities)
    return Restored(written, refused, bool(manifest))


def _decrypt_beside_others(source: Path, folder: Path, name: str, identities: Identities) -> Path:
    """Decrypt to the first free copy name: ``name``, ``name (2)``... Taking a name is atomic,
    so a file that appears meanwhile (another staff member, a second delivery of the same
    file) is never overwritten."""
    copy = 1
    while True:
        target = folder / safe_name(name, copy)
        try:
            decrypt_file(source, target, identities, overwrite=False)
        except FileExistsError:
            copy += 1
        else:
            return target
