"""Hostile input to every parser a malicious server, file or peer can reach: only the typed
error ever comes out, never a crash, and never the secret in the message.

The age engine's own tests (tests/unit/crypto/test_tamper.py) fuzz the header with random
bytes and random edits of a real header. These add *structured* inputs, which reach deeper:
headers assembled from plausible stanza lines, armored files with near-valid base64, key
strings in and near bech32, encrypted metadata around the real format, and the server's
tus header parsers.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from noomus_desktop.core.crypto import (
    CryptoError,
    DecryptionError,
    FileMetadata,
    HeaderError,
    InvalidIdentityError,
    InvalidRecipientError,
    decrypt_bytes,
    decrypt_metadata,
    encrypt_bytes,
    encrypt_metadata,
    generate_identity,
    parse_identities_file,
    parse_identity,
    parse_recipient,
)
from noomus_desktop.core.crypto.format import read_header
from noomus_extranet.errors import ApiError
from noomus_extranet.tus.headers import parse_checksum, parse_count, parse_metadata

IDENTITY = generate_identity()
SECRET = IDENTITY.to_string()
FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_ARG = st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=12)
_BODY = st.one_of(
    st.text(alphabet=_B64, max_size=130),
    st.binary(max_size=48).map(lambda b: base64.b64encode(b).decode().rstrip("=")),
)
_STANZA = st.builds(
    lambda kind, args, body, split: (
        f"-> {' '.join([kind, *args])}\n"
        + "".join(body[i : i + split] + "\n" for i in range(0, len(body), split))
        + ("\n" if len(body) % split == 0 else "")
    ),
    st.sampled_from(["X25519", "scrypt", "mlkem768x25519", "ssh-ed25519", "", "X", "-"]),
    st.lists(_ARG, max_size=3),
    _BODY,
    st.sampled_from([64, 64, 63, 65, 1]),
)
_MAC = st.one_of(
    st.binary(min_size=32, max_size=32).map(lambda b: base64.b64encode(b).decode().rstrip("=")),
    st.text(alphabet=_B64 + "= ", max_size=50),
)


@FUZZ
@given(
    stanzas=st.lists(_STANZA, max_size=4),
    mac=_MAC,
    version=st.sampled_from(["v1", "v1", "v2", "V1", "v1 "]),
    tail=st.binary(max_size=40),
)
def test_structured_headers_only_raise_header_errors(
    stanzas: list[str], mac: str, version: str, tail: bytes
) -> None:
    raw = f"age-encryption.org/{version}\n{''.join(stanzas)}--- {mac}\n".encode() + tail
    try:
        read_header(io.BytesIO(raw))
    except HeaderError as error:
        assert error.code == "malformed_header"


@FUZZ
@given(stanzas=st.lists(_STANZA, max_size=3), mac=_MAC, payload=st.binary(max_size=200))
def test_structured_files_only_raise_decryption_errors(
    stanzas: list[str], mac: str, payload: bytes
) -> None:
    raw = f"age-encryption.org/v1\n{''.join(stanzas)}--- {mac}\n".encode() + payload
    try:
        decrypt_bytes(raw, [IDENTITY])
    except DecryptionError as error:
        assert SECRET not in str(error)


def _armor(body: bytes, width: int) -> bytes:
    encoded = base64.b64encode(body)
    lines = [encoded[i : i + width] for i in range(0, len(encoded), width)]
    return (
        b"-----BEGIN AGE ENCRYPTED FILE-----\n"
        + b"".join(line + b"\n" for line in lines)
        + b"-----END AGE ENCRYPTED FILE-----\n"
    )


REAL = encrypt_bytes(b"armored content", [IDENTITY.recipient()])


@FUZZ
@given(
    width=st.sampled_from([64, 64, 63, 65, 4, 76]),
    cut=st.integers(0, len(REAL)),
    junk=st.binary(max_size=8),
    trailer=st.sampled_from([b"", b"\n", b"\r\n", b"  \n", b"x"]),
)
def test_near_valid_armor_only_raises_decryption_errors(
    width: int, cut: int, junk: bytes, trailer: bytes
) -> None:
    body = REAL[:cut] + junk + REAL[cut + len(junk) :]
    try:
        plaintext = decrypt_bytes(_armor(body, width) + trailer, [IDENTITY])
    except DecryptionError:
        return
    assert plaintext == b"armored content"


_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


@FUZZ
@given(
    prefix=st.sampled_from(["age1", "AGE-SECRET-KEY-1", "age1pq1", "", "age", "AGE1"]),
    body=st.text(alphabet=_BECH32 + _BECH32.upper() + "bio1", max_size=70),
)
def test_key_strings_only_raise_typed_errors(prefix: str, body: str) -> None:
    text = prefix + body
    echoed = len(body) >= 8  # shorter strings (and the bare prefixes) occur in any sentence
    with contextlib.suppress(InvalidRecipientError):
        parse_recipient(text)
    try:
        parse_identity(text)
    except InvalidIdentityError as error:
        assert not (echoed and body in str(error)), "an identity-looking input was echoed"
    try:
        parse_identities_file(f"# comment\n{text}\n")
    except InvalidIdentityError as error:
        assert not (echoed and body in str(error)), "an identity-looking input was echoed"


META = FileMetadata("report.pdf", "folder/report.pdf", 10, 0, "0" * 64)


@FUZZ
@given(
    document=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
        max_leaves=8,
    ),
    keep=st.booleans(),
)
@example(document={"v": []}, keep=True)  # an unhashable version once escaped as a TypeError
@example(document={"v": {}}, keep=False)
def test_metadata_documents_only_raise_typed_errors(document: object, keep: bool) -> None:
    """What decrypts fine but says anything at all: only an invalid-metadata error."""
    if keep and isinstance(document, dict):
        document = {**json.loads(META.to_json()), **document}
    try:
        FileMetadata.from_json(json.dumps(document).encode())
    except CryptoError as error:
        assert error.code == "invalid_metadata"


@FUZZ
@given(raw=st.binary(max_size=300), position=st.integers(0, 400), flip=st.integers(1, 255))
def test_encrypted_metadata_only_raises_typed_errors(raw: bytes, position: int, flip: int) -> None:
    for candidate in (
        raw,
        _flipped(encrypt_metadata(META, [IDENTITY.recipient()]), position, flip),
    ):
        try:
            decrypt_metadata(candidate, IDENTITY.to_string())
        except CryptoError as error:
            assert SECRET not in str(error)


def _flipped(data: bytes, position: int, flip: int) -> bytes:
    damaged = bytearray(data)
    damaged[position % len(damaged)] ^= flip
    return bytes(damaged)


_HEADER_TEXT = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=120
) | st.lists(
    st.tuples(
        st.text(alphabet=_B64 + "-_", max_size=10), st.text(alphabet=_B64 + "=", max_size=12)
    ),
    max_size=5,
).map(lambda pairs: ",".join(f"{k} {v}".strip() for k, v in pairs))


@FUZZ
@given(value=_HEADER_TEXT)
def test_server_tus_header_parsers_only_raise_api_errors(value: str) -> None:
    for parse in (
        lambda: parse_metadata(value, 4096),
        lambda: parse_checksum(value),
        lambda: parse_count(value, "Upload-Offset"),
    ):
        try:
            parse()
        except ApiError as error:
            assert 400 <= error.status < 500


@pytest.mark.parametrize("value", [None, "", " ", "-1", "1e3", "٣", "0x10", "9" * 40])
def test_server_counts_refuse_non_decimal_values(value: str | None) -> None:
    try:
        count = parse_count(value, "Upload-Length")
    except ApiError as error:
        assert error.status == 400
    else:
        assert value is not None and value.isascii() and value.isdigit() and count == int(value)
