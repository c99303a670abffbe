"""Fetching one delivery: download it resumably, decrypt it here, verify its manifest against
the plaintext, restore its name, and only then mark it fetched.

What each outcome means for the staff member (``docs/api.md``, "The staff tool"):

- verified: written under the customer's name and folder, marked fetched;
- no manifest: written under its neutral name ``delivery-<id>.bin`` and marked fetched
  (there is nothing to check a name against, and none to restore);
- manifest that does not match (forged with the public key, or swapped by a compromised
  server): written under its neutral name, **not** marked fetched, so that it stays in
  ``list --new`` (and out of the retention purge of fetched deliveries) until a coordinator
  has looked into it.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from noomus_desktop.core.api import NotFoundError
from noomus_desktop.core.crypto import (
    CryptoError,
    Identity,
    InvalidMetadataError,
    NoIdentityMatchError,
)
from noomus_desktop.staff.client import StaffClient, StaffDelivery
from noomus_desktop.staff.errors import StaffError
from noomus_desktop.staff.restore import Restored, restore


@dataclass(frozen=True)
class Fetched:
    delivery_id: int
    restored: Restored

    @property
    def verified(self) -> bool:
        return self.restored.refused is None


def neutral_name(delivery_id: int) -> str:
    return f"delivery-{delivery_id}.bin"


def part_path(out_dir: Path, delivery_id: int) -> Path:
    """Where the ciphertext of a delivery is downloaded (kept between runs until done)."""
    return out_dir / f"delivery-{delivery_id}.age.part"


def fetch(
    client: StaffClient, delivery: StaffDelivery, identities: list[Identity], out_dir: Path
) -> Fetched:
    """Fetch one delivery into ``out_dir``; raises :class:`StaffError` for what went wrong,
    and the client's typed errors for the network and the server."""
    part = part_path(out_dir, delivery.id)
    try:
        _make_folder(out_dir)
        client.download(delivery, part)
        manifest = client.manifest(delivery.id) if delivery.manifest else None
    except OSError as exc:
        raise StaffError(f"It could not be saved in the output folder ({exc.strerror}).") from None
    except NotFoundError:
        part.unlink(missing_ok=True)  # gone from the server (purged): nothing left to resume
        raise
    restored = open_delivery(part, manifest, identities, out_dir, neutral_name(delivery.id))
    part.unlink()
    if restored.refused is None:
        client.mark_fetched(delivery.id)
    return Fetched(delivery.id, restored)


def open_delivery(
    source: Path,
    manifest: bytes | None,
    identities: list[Identity],
    out_dir: Path,
    neutral: str,
) -> Restored:
    """Decrypt an ``.age`` file (downloaded, or copied by hand) under ``out_dir``; every
    failure becomes a :class:`StaffError` saying what to do."""
    try:
        _make_folder(out_dir)
        return restore(source, manifest, identities, out_dir, neutral)
    except NoIdentityMatchError:
        raise StaffError(
            "The identity given with --identity cannot open it: it is not one of the keys the"
            " file was encrypted to. Use the identity whose public key is registered on the"
            " server ('noomus-extranet keys list')."
        ) from None
    except InvalidMetadataError:
        raise StaffError(
            "Its manifest is damaged or not a Noomus manifest; nothing was written."
            " Ask a coordinator to look into it."
        ) from None
    except CryptoError as exc:
        raise StaffError(
            f"It cannot be decrypted ({exc}); the file is damaged or not an age file."
        ) from None
    except OSError as exc:
        raise StaffError(
            f"It could not be written in the output folder ({exc.strerror})."
        ) from None


def _make_folder(out_dir: Path) -> None:
    """The output folder, private to this user when it is made here."""
    with contextlib.suppress(FileExistsError):
        out_dir.mkdir(parents=True, mode=0o700)
