"""Identity files, plain or protected by a passphrase (as ``age -p`` and age-keygen make them).

A protected identity file is an age file encrypted to a passphrase alone (binary or armored)
whose plaintext is an ordinary identity file. The passphrase is asked only when the file is
protected, and never kept: it opens the file once and is dropped.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from noomus_desktop.core.crypto.age import decrypt_stream, encrypt_stream
from noomus_desktop.core.crypto.armor import SNIFF_SIZE, ArmoredReader, looks_armored
from noomus_desktop.core.crypto.errors import (
    InvalidIdentityError,
    NoIdentityMatchError,
    WrongPassphraseError,
)
from noomus_desktop.core.crypto.format import INTRO, read_header
from noomus_desktop.core.crypto.ioutil import read_exactly
from noomus_desktop.core.crypto.keys import Identity, parse_identities_file
from noomus_desktop.core.crypto.scrypt import (
    DEFAULT_WORK_FACTOR,
    MAX_WORK_FACTOR,
    STANZA_TYPE,
    ScryptIdentity,
    ScryptRecipient,
)

#: An identity file holds a few keys; anything much larger is not one (and would be read whole).
MAX_IDENTITY_FILE = 1024 * 1024


def is_protected(data: bytes) -> bool:
    """Whether ``data`` is an age file (binary or armored) rather than a plain identity file."""
    return data.startswith(INTRO) or looks_armored(data[:SNIFF_SIZE])


def read_identities(
    data: bytes,
    ask_passphrase: Callable[[], str],
    *,
    max_work_factor: int = MAX_WORK_FACTOR,
) -> list[Identity]:
    """The identities of an identity file's bytes, asking the passphrase if it is protected.

    Raises :class:`InvalidIdentityError` (not an identity file, or an encrypted one that is not
    protected by a passphrase alone or does not hold identities), :class:`WrongPassphraseError`,
    or another :class:`DecryptionError` (the protected file is damaged, or asks for more work
    than ``max_work_factor`` allows).
    """
    if len(data) > MAX_IDENTITY_FILE:
        raise InvalidIdentityError("the file is too large to be an identity file")
    if is_protected(data):
        data = _unprotect(_dearmored(data), ask_passphrase, max_work_factor)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidIdentityError("the file is not text") from None
    return parse_identities_file(text)


def _dearmored(data: bytes) -> bytes:
    if not looks_armored(data[:SNIFF_SIZE]):
        return data
    return read_exactly(ArmoredReader(io.BytesIO(data)), len(data))


def _unprotect(data: bytes, ask_passphrase: Callable[[], str], max_work_factor: int) -> bytes:
    """Decrypt a binary passphrase-protected file, asking the passphrase only once the header
    shows it is one (a file encrypted to keys is refused without asking)."""
    header, _ = read_header(io.BytesIO(data))
    if [s.type for s in header.stanzas] != [STANZA_TYPE]:
        raise InvalidIdentityError("the file is encrypted, but not with a passphrase")
    passphrase = ask_passphrase()
    if not passphrase:
        raise WrongPassphraseError()
    out = io.BytesIO()
    identity = ScryptIdentity(passphrase, max_work_factor=max_work_factor)
    try:
        decrypt_stream(io.BytesIO(data), out, identity, armored=False)
    except NoIdentityMatchError:
        raise WrongPassphraseError() from None
    return out.getvalue()


def protect_identity(
    identity_text: bytes, passphrase: str, *, work_factor: int = DEFAULT_WORK_FACTOR
) -> bytes:
    """Encrypt an identity file's text to ``passphrase``, armored, as ``age -p -a`` does.

    The text must parse as an identity file: a typo must not be sealed away unnoticed.
    """
    try:
        parse_identities_file(identity_text.decode("utf-8"))
    except UnicodeDecodeError:
        raise InvalidIdentityError("the file is not text") from None
    out = io.BytesIO()
    recipient = ScryptRecipient(passphrase, work_factor=work_factor)
    encrypt_stream(io.BytesIO(identity_text), out, recipient, armor=True)
    return out.getvalue()
