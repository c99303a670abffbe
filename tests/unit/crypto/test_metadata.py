"""Encrypted file metadata: round trip, size budget, and validation of names and paths."""

from __future__ import annotations

import base64
import hashlib
import os
import time

import pytest
from hypothesis import given, settings

from noomus_desktop.core.crypto import (
    FileMetadata,
    InvalidMetadataError,
    NoIdentityMatchError,
    decrypt_metadata,
    encrypt_bytes,
    encrypt_metadata,
    generate_identity,
)
from tests.helpers.names import os_paths

IDENTITY = generate_identity()
DIGEST = hashlib.sha256(b"report").hexdigest()


def _meta(**changes: object) -> FileMetadata:
    fields: dict[str, object] = {
        "name": "Q3 report – final.pdf",
        "relative_path": "Board pack/2026/Q3 report – final.pdf",
        "size": 123_456_789,
        "mtime_ns": time.time_ns(),
        "sha256": DIGEST,
    }
    fields.update(changes)
    return FileMetadata(**fields)  # type: ignore[arg-type]


def test_round_trip() -> None:
    meta = _meta()
    assert decrypt_metadata(encrypt_metadata(meta, [IDENTITY.recipient()]), [IDENTITY]) == meta


def test_fits_a_tus_metadata_header() -> None:
    meta = _meta(name="n" * 60, relative_path="folder/" * 5 + "n" * 60)
    encoded = base64.b64encode(encrypt_metadata(meta, [IDENTITY.recipient()]))
    assert len(encoded) < 1024


@pytest.mark.parametrize(
    "name",
    [
        "line\nbreak.txt",
        "back\\slash\\name.txt",
        "tab\there.txt",
        "cr\rname",
        "bell\x07 and del\x7f and c1\x85.txt",
        "C:drive-like",
        os.fsdecode(b"latin-1 caf\xe9.txt"),
        "literal \\udcff, not a surrogate",
    ],
)
def test_names_legal_on_some_system_are_carried_faithfully(name: str) -> None:
    """Making a name safe is the restorer's job: sending it must not fail or change it."""
    meta = _meta(name=name, relative_path=f"{name}/{name}")
    assert decrypt_metadata(encrypt_metadata(meta, [IDENTITY.recipient()]), [IDENTITY]) == meta


@settings(max_examples=200, deadline=None)
@given(path=os_paths)
def test_any_os_name_round_trips(path: str) -> None:
    meta = _meta(name=path.rsplit("/", 1)[-1], relative_path=path)
    assert decrypt_metadata(encrypt_metadata(meta, [IDENTITY.recipient()]), [IDENTITY]) == meta


def test_wrong_identity() -> None:
    data = encrypt_metadata(_meta(), [IDENTITY.recipient()])
    with pytest.raises(NoIdentityMatchError):
        decrypt_metadata(data, [generate_identity()])


@pytest.mark.parametrize(
    "changes",
    [
        {"name": "a/b"},
        {"name": "..", "relative_path": ".."},
        {"name": "", "relative_path": ""},
        {"name": "x\x00y", "relative_path": "x\x00y"},
        {"relative_path": "/etc/Q3 report – final.pdf"},
        {"relative_path": "../Q3 report – final.pdf"},
        {"relative_path": "a/../Q3 report – final.pdf"},
        {"relative_path": "a//Q3 report – final.pdf"},
        {"relative_path": "other.pdf"},
        {"size": -1},
        {"size": True},
        {"size": 1.5},
        {"mtime_ns": "yesterday"},
        {"sha256": "ABC"},
        {"sha256": DIGEST.upper()},
    ],
)
def test_invalid_fields_are_refused(changes: dict[str, object]) -> None:
    with pytest.raises(InvalidMetadataError) as caught:
        _meta(**changes)
    assert caught.value.code == "invalid_metadata"


@pytest.mark.parametrize(
    "document",
    [
        b"not json",
        b"\xff\xfe",
        b"[]",
        b'{"v":2,"n":"a","p":"a","s":1,"m":1,"h":"' + DIGEST.encode() + b'"}',
        b'{"v":1,"n":"a","p":"a","s":1,"m":1}',
        b'{"v":1,"n":"a","p":"../a","s":1,"m":1,"h":"' + DIGEST.encode() + b'"}',
        b'{"v":1,"n":7,"p":"a","s":1,"m":1,"h":"' + DIGEST.encode() + b'"}',
    ],
)
def test_malformed_decrypted_documents_are_refused(document: bytes) -> None:
    with pytest.raises(InvalidMetadataError):
        decrypt_metadata(encrypt_bytes(document, [IDENTITY.recipient()]), [IDENTITY])


def test_metadata_above_64_kib_is_refused_unread() -> None:
    """Valid metadata, but wrapped to 700 recipients (over 64 KiB of header): refused before
    any unwrapping, so a hostile upload cannot make staff tools do 700 key exchanges each."""
    crowd = [generate_identity().recipient() for _ in range(699)]
    data = encrypt_metadata(_meta(), [*crowd, IDENTITY.recipient()])
    assert len(data) > 64 * 1024
    with pytest.raises(InvalidMetadataError, match="too large"):
        decrypt_metadata(data, [IDENTITY])
