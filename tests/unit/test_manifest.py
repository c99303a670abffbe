"""The format-2 manifest (``docs/crypto.md``): padded to buckets, bound to its payload."""

from __future__ import annotations

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
