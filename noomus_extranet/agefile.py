"""What the server checks of a received age file before it becomes a delivery.

The server cannot decrypt (it holds no identity), so it cannot prove a file is ciphertext; it
used to look only at the first 22 bytes, so ``age-encryption.org/v1\\n`` followed by
plaintext was stored, and so was a file encrypted to someone else's key. Now the whole header
is parsed with the app's strict parser (well-formed stanzas and the ``---`` MAC line): each
stanza must be of a recipient type Noomus registers (X25519, ML-KEM-768 + X25519) and well
formed for it, there is no ``scrypt`` (passphrase) stanza, and the stanzas match the
registered recipients in number and types. The payload must have the size STREAM allows.
What is refused is answered with a code that says why (docs/api.md).

ASCII-armored age (``-----BEGIN AGE ENCRYPTED FILE-----``) is refused at its first bytes with
its own code: deliveries are stored and decrypted as binary age.
"""

from __future__ import annotations

import binascii
from collections import Counter
from collections.abc import Sequence

from noomus_desktop.core.crypto import mlkem768x25519, x25519
from noomus_desktop.core.crypto.errors import HeaderError
from noomus_desktop.core.crypto.format import b64decode, read_header
from noomus_desktop.core.crypto.ioutil import Readable
from noomus_desktop.core.crypto.keys import parse_recipient
from noomus_extranet.errors import ApiError

ARMOR_BEGIN = b"-----BEGIN AGE ENCRYPTED FILE-----"
_FILE_KEY_BODY = 32  # a 16-byte file key and its 16-byte tag
_NONCE = 16
_TAG = 16
_CHUNK = 64 * 1024 + _TAG
_SHARE_SIZES = {
    x25519.STANZA_TYPE: {32},
    mlkem768x25519.STANZA_TYPE: {1088 + 32},  # an ML-KEM-768 ciphertext and an X25519 share
}


def armored_age() -> ApiError:
    return ApiError(
        422,
        "armored_age",
        "ASCII-armored age files are not accepted: send the binary age format.",
    )


def invalid_age_header(reason: str) -> ApiError:
    return ApiError(422, "invalid_age_header", f"The age header is malformed: {reason}.")


def wrong_recipients() -> ApiError:
    return ApiError(
        422,
        "wrong_recipients",
        "The file is not encrypted to exactly the Noomus recipients (see /api/v1/info).",
    )


def looks_armored(start: bytes) -> bool:
    """Whether the first bytes of an upload are (the start of) an armor line."""
    return bool(start) and ARMOR_BEGIN[: len(start)] == start[: len(ARMOR_BEGIN)]


def recipient_type(recipient: str) -> str:
    """The stanza type files encrypted to a registered ``recipient`` carry."""
    parsed = parse_recipient(recipient)
    if isinstance(parsed, mlkem768x25519.HybridRecipient):
        return mlkem768x25519.STANZA_TYPE
    return x25519.STANZA_TYPE


def check_age_file(f: Readable, size: int, recipients: Sequence[str]) -> None:
    """Raise a 422 :class:`ApiError` unless ``f`` (``size`` bytes) is acceptable age."""
    try:
        header, _rest = read_header(f)
    except HeaderError as exc:
        raise invalid_age_header(str(exc)) from None
    for stanza in header.stanzas:
        if stanza.type not in _SHARE_SIZES:
            raise wrong_recipients()  # scrypt (a passphrase), or a type Noomus never uses
        try:
            share = b64decode(stanza.args[0].encode()) if len(stanza.args) == 1 else b""
        except (binascii.Error, ValueError):
            share = b""
        if len(share) not in _SHARE_SIZES[stanza.type] or len(stanza.body) != _FILE_KEY_BODY:
            raise invalid_age_header(f"malformed {stanza.type} stanza")
    expected = Counter(recipient_type(r) for r in recipients)
    if Counter(s.type for s in header.stanzas) != expected:
        raise wrong_recipients()
    payload = size - len(header.encoded)
    last = (payload - _NONCE) % _CHUNK
    if payload < _NONCE + _TAG or 0 < last < _TAG:
        raise invalid_age_header("the payload is not an age STREAM")
