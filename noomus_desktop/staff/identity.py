"""The staff identity: the age secret key(s) that open deliveries, read from a file on this
machine (never sent anywhere).

A plain age identity file (``age-keygen`` or ``noomus-staff keys generate``: X25519
``AGE-SECRET-KEY-1...`` or post-quantum ``AGE-SECRET-KEY-PQ-1...`` lines) is read as is. A file
that is itself age-encrypted (``age -p``, binary or armored) is protected by a passphrase:
:func:`_unprotect` is the one place that opens it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from noomus_desktop.core.crypto import CryptoError, Identity, parse_identities_file
from noomus_desktop.staff.errors import StaffError

_ENCRYPTED_PREFIXES = (b"age-encryption.org/v1", b"-----BEGIN AGE ENCRYPTED FILE-----")
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
    if data.lstrip().startswith(_ENCRYPTED_PREFIXES):
        data = _unprotect(data.lstrip(), ask_passphrase)
    try:
        return parse_identities_file(data.decode("utf-8"))
    except (UnicodeDecodeError, CryptoError):
        raise StaffError(
            "The --identity file is not an age identity file (expected lines starting with"
            " AGE-SECRET-KEY-). Give the file made by 'noomus-staff keys generate'."
        ) from None


def _unprotect(data: bytes, ask_passphrase: Callable[[], str]) -> bytes:
    """The plain identity file inside a passphrase-protected one."""
    raise StaffError(
        "The --identity file is protected by a passphrase: passphrase-protected identities"
        " are not supported yet. Decrypt it with 'age -d' into a private file, or use an"
        " unprotected identity file."
    )
