"""The staff identity: the age secret key(s) that open deliveries, read from a file on this
machine (never sent anywhere).

A plain age identity file (``age-keygen`` or ``noomus-staff keys generate``: X25519
``AGE-SECRET-KEY-1...`` or post-quantum ``AGE-SECRET-KEY-PQ-1...`` lines) is read as is. A file
protected by a passphrase (``age -p``, binary or armored, or ``keys generate --protect``) is
opened by the engine (:func:`~noomus_desktop.core.crypto.read_identities`), which asks for the
passphrase only then. Here its failures become sentences a staff member can act on.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from noomus_desktop.core.crypto import (
    DecryptionError,
    Identity,
    InvalidIdentityError,
    WrongPassphraseError,
    read_identities,
)
from noomus_desktop.staff.errors import StaffError

#: Far above any identity file; a larger file is not one.
_MAX_SIZE = 1024 * 1024


def load_identities(path: Path, ask_passphrase: Callable[[], str]) -> list[Identity]:
    """The identities in the file at ``path``; ``ask_passphrase`` is called only for a
    passphrase-protected file. Raises :class:`StaffError` with a sentence to act on."""
    try:
        with path.open("rb") as file:
            data = file.read(_MAX_SIZE + 1)
    except OSError as exc:
        raise StaffError(
            f"Cannot read the identity file ({exc.strerror}). Check the path given with --identity."
        ) from None
    if len(data) > _MAX_SIZE:
        raise StaffError("The --identity file is too large to be an age identity file.")
    try:
        return read_identities(data.lstrip(), ask_passphrase)
    except WrongPassphraseError:
        raise StaffError(
            "The passphrase is wrong: the --identity file did not open. Type it again (it is"
            " the one chosen when the file was protected)."
        ) from None
    except InvalidIdentityError:
        raise StaffError(
            "The --identity file is not an age identity file (expected lines starting with"
            " AGE-SECRET-KEY-, or such a file protected by a passphrase). Give the file made"
            " by 'noomus-staff keys generate'."
        ) from None
    except DecryptionError:
        raise StaffError(
            "The passphrase-protected --identity file is damaged, or asks for more work than"
            " allowed. Use a backup copy of the identity file."
        ) from None
