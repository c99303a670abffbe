"""Staff decryption trusts a delivery's names only when its metadata matches the delivery:
metadata forged with the public recipient, or swapped between two deliveries, is refused
(the file is written under its neutral name, and the refusal says why)."""

from __future__ import annotations

import hashlib
import io
import os
import sqlite3
from pathlib import Path

import pytest

from noomus_desktop.core.crypto import (
    EncryptionPlan,
    FileMetadata,
    encrypt_metadata,
    generate_identity,
)
from noomus_desktop.core.tus import encode_metadata
from noomus_extranet.admin import AdminError
from noomus_extranet.staff import META_KEY, decrypt_delivery
from noomus_extranet.storage import Storage

IDENTITY = generate_identity()
RECIPIENT = IDENTITY.recipient()


class _Delivery:
    """A delivery as the client makes it: ciphertext under a plan, metadata bound to it."""

    def __init__(self, storage: Storage, delivery_id: int, data: bytes, name: str) -> None:
        self.id, self.data = delivery_id, data
        plan = EncryptionPlan.create([RECIPIENT])
        out = io.BytesIO()
        plan.encrypt(io.BytesIO(data), out)
        self.path = f"{delivery_id}.age"
        (storage.inbox / self.path).write_bytes(out.getvalue())
        self.meta = FileMetadata(
            name=name,
            relative_path=f"Reports/{name}",
            size=len(data),
            mtime_ns=1,
            sha256=hashlib.sha256(data).hexdigest(),
            header_mac=plan.header_mac.hex(),
            ciphertext_size=len(out.getvalue()),
        )

    def row(self, meta: FileMetadata) -> sqlite3.Row:
        db = sqlite3.connect(":memory:")
        db.row_factory = sqlite3.Row
        encoded = encode_metadata({META_KEY: encrypt_metadata(meta, [RECIPIENT])})
        row: sqlite3.Row = db.execute(
            "SELECT ? AS id, ? AS path, ? AS metadata", (self.id, self.path, encoded)
        ).fetchone()
        return row


@pytest.fixture
def storage(tmp_path: Path) -> Storage:
    return Storage(tmp_path / "data")


def test_matching_metadata_restores_the_name(storage: Storage, tmp_path: Path) -> None:
    delivery = _Delivery(storage, 1, os.urandom(70_000), "q1.pdf")
    written = decrypt_delivery(delivery.row(delivery.meta), storage, IDENTITY.to_string(), tmp_path)
    assert written == (tmp_path / "Reports" / "q1.pdf").resolve()
    assert written.read_bytes() == delivery.data


def test_metadata_forged_with_the_public_recipient_is_refused(
    storage: Storage, tmp_path: Path
) -> None:
    """The forger copies every public fact (header MAC, lengths) but cannot know the
    plaintext's hash."""
    delivery = _Delivery(storage, 2, os.urandom(1000), "invoice.pdf")
    forged = FileMetadata(
        name="payroll.xlsx",
        relative_path="HR/payroll.xlsx",
        size=delivery.meta.size,
        mtime_ns=5,
        sha256=hashlib.sha256(b"a guess").hexdigest(),
        header_mac=delivery.meta.header_mac,
        ciphertext_size=delivery.meta.ciphertext_size,
    )
    with pytest.raises(AdminError, match="SHA-256 differs") as refused:
        decrypt_delivery(delivery.row(forged), storage, IDENTITY.to_string(), tmp_path)
    assert "delivery-2.bin" in str(refused.value)
    assert (tmp_path / "delivery-2.bin").read_bytes() == delivery.data
    assert not (tmp_path / "HR").exists()


def test_metadata_swapped_between_two_deliveries_is_refused(
    storage: Storage, tmp_path: Path
) -> None:
    same = os.urandom(500)  # even the same content: the binding names the encryption
    first = _Delivery(storage, 3, same, "first.txt")
    second = _Delivery(storage, 4, same, "second.txt")
    with pytest.raises(AdminError, match="header's MAC differs"):
        decrypt_delivery(first.row(second.meta), storage, IDENTITY.to_string(), tmp_path)
    assert (tmp_path / "delivery-3.bin").read_bytes() == same
    assert not (tmp_path / "Reports").exists()


def test_older_metadata_without_binding_is_still_checked_by_hash(
    storage: Storage, tmp_path: Path
) -> None:
    first = _Delivery(storage, 5, os.urandom(300), "a.txt")
    second = _Delivery(storage, 6, os.urandom(300), "b.txt")
    legacy = FileMetadata(
        name="b.txt",
        relative_path="Reports/b.txt",
        size=second.meta.size,
        mtime_ns=1,
        sha256=second.meta.sha256,
    )
    with pytest.raises(AdminError, match="SHA-256 differs"):
        decrypt_delivery(first.row(legacy), storage, IDENTITY.to_string(), tmp_path)
    restored = decrypt_delivery(second.row(legacy), storage, IDENTITY.to_string(), tmp_path)
    assert restored.name == "b.txt"
