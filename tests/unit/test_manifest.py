"""The format-2 manifest (``docs/crypto.md``): padded to buckets, bound to its payload."""

from __future__ import annotations

import json

import pytest

from noomus_desktop.core.crypto import (
    FileMetadata,
    InvalidMetadataError,
    decrypt_metadata,
    generate_identity,
)
from noomus_desktop.core.crypto.metadata import MANIFEST_BUCKETS, encrypt_manifest


def _manifest(relative_path: str) -> FileMetadata:
    name = relative_path.rsplit("/", 1)[-1]
    return FileMetadata(name, relative_path, 1, 2, "0" * 64, "1" * 64, 3, "2" * 64)


def test_names_of_different_lengths_give_manifests_of_one_size() -> None:
    identity = generate_identity()
    short = encrypt_manifest(_manifest("a.pdf"), [identity.recipient()])
    long = encrypt_manifest(_manifest("Reports/2026/" + "b" * 300 + ".pdf"), [identity.recipient()])
    assert len(short) == len(long)
    assert decrypt_metadata(short, identity).name == "a.pdf"


def test_a_longer_path_takes_the_next_bucket_and_the_longest_are_refused() -> None:
    identity = generate_identity()
    small = encrypt_manifest(_manifest("a.pdf"), [identity.recipient()])
    larger = encrypt_manifest(_manifest("d/" * 600 + "a.pdf"), [identity.recipient()])
    assert len(larger) - len(small) == MANIFEST_BUCKETS[1] - MANIFEST_BUCKETS[0]
    with pytest.raises(InvalidMetadataError):
        encrypt_manifest(_manifest("d/" * 30_000 + "a.pdf"), [identity.recipient()])


def test_a_manifest_without_its_binding_is_refused() -> None:
    identity = generate_identity()
    unbound = FileMetadata("a.pdf", "a.pdf", 1, 2, "0" * 64, ciphertext_sha256="2" * 64)
    with pytest.raises(InvalidMetadataError):
        encrypt_manifest(unbound, [identity.recipient()])
    # Nor does a decrypted format-2 document without it parse.
    with pytest.raises(InvalidMetadataError, match="binding"):
        FileMetadata.from_json(b'{"v":2,"n":"a","p":"a","s":1,"m":2,"h":"' + b"0" * 64 + b'"}')


def _blake3_bound(**changes: object) -> FileMetadata:
    fields: dict[str, object] = {
        "name": "a.pdf",
        "relative_path": "a.pdf",
        "size": 1,
        "mtime_ns": 2,
        "sha256": "0" * 64,
        "header_mac": "1" * 64,
        "ciphertext_size": 3,
        "ciphertext_blake3": "4" * 64,
    }
    fields.update(changes)
    # Fields of several types, some wrong on purpose: checked at run time, not by mypy.
    return FileMetadata(**fields)  # type: ignore[arg-type]


def test_a_blake3_bound_manifest_round_trips_as_version_3() -> None:
    identity = generate_identity()
    meta = _blake3_bound()
    document = json.loads(meta.to_json())
    assert document["v"] == 3 and document["y"] == "4" * 64 and "x" not in document
    assert meta.is_manifest
    assert FileMetadata.from_json(meta.to_json()) == meta
    assert decrypt_metadata(encrypt_manifest(meta, [identity.recipient()]), identity) == meta
    # The SHA-256-bound manifest stays version 2, as older staff tools read it.
    sha256_bound = _blake3_bound(ciphertext_blake3=None, ciphertext_sha256="2" * 64)
    assert json.loads(sha256_bound.to_json())["v"] == 2


@pytest.mark.parametrize("value", ["4" * 63, "A" * 64, "g" * 64, 64])
def test_a_malformed_blake3_binding_is_refused(value: object) -> None:
    with pytest.raises(InvalidMetadataError, match="BLAKE3"):
        _blake3_bound(ciphertext_blake3=value)
    document = json.loads(_blake3_bound().to_json()) | {"y": value}
    with pytest.raises(InvalidMetadataError):
        FileMetadata.from_json(json.dumps(document).encode())


def test_a_manifest_with_both_ciphertext_bindings_is_refused() -> None:
    with pytest.raises(InvalidMetadataError, match="one ciphertext binding"):
        _blake3_bound(ciphertext_sha256="2" * 64)
    both = json.loads(_blake3_bound().to_json()) | {"x": "2" * 64}
    for version in (2, 3):
        with pytest.raises(InvalidMetadataError):
            FileMetadata.from_json(json.dumps(both | {"v": version}).encode())


def test_each_version_requires_its_own_binding() -> None:
    """A version-3 document binds with ``y``, a version-2 one with ``x``, format 1 with
    neither: any other combination is refused, never read as something else."""
    document = json.loads(_blake3_bound().to_json())
    without = {k: v for k, v in document.items() if k != "y"}
    with pytest.raises(InvalidMetadataError, match="binding"):
        FileMetadata.from_json(json.dumps(without).encode())
    for version in (1, 2):
        with pytest.raises(InvalidMetadataError):
            FileMetadata.from_json(json.dumps(document | {"v": version}).encode())
    with_x = {**without, "x": document["y"]}  # version 3 bound the way version 2 is
    with pytest.raises(InvalidMetadataError):
        FileMetadata.from_json(json.dumps(with_x).encode())
    for field in "bc":  # the header MAC and the ciphertext length are mandatory too
        lacking = {k: v for k, v in document.items() if k != field}
        with pytest.raises(InvalidMetadataError, match="binding"):
            FileMetadata.from_json(json.dumps(lacking).encode())


@pytest.mark.parametrize("version", [[], {}, [3], {"3": 3}, True, 3.0, "3", None])
def test_a_version_that_is_not_an_integer_is_an_unknown_format(version: object) -> None:
    """Not a ``TypeError`` (a list or an object as ``v`` is unhashable): the staff tools catch
    only the metadata error, and one such manifest stopped every later ``fetch --new``."""
    document = json.loads(_blake3_bound().to_json()) | {"v": version}
    with pytest.raises(InvalidMetadataError, match="unknown format"):
        FileMetadata.from_json(json.dumps(document).encode())
