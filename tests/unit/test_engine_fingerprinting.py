"""The engine's one-pass preparation of a new file: ``CiphertextView.fingerprinting``.

It replaces a separate fingerprint pass plus a re-hash while sending; these tests hold it to
the same guarantees: the same fingerprint, the same ciphertext, and a file changed behind
an unchanged size and mtime still caught before anything different is sent.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from noomus_desktop.core.crypto import (
    CiphertextView,
    EncryptionPlan,
    PlaintextChangedError,
    PlaintextFingerprint,
    generate_identity,
)

CHUNK = 64 * 1024
IDENTITY = generate_identity()


@pytest.mark.parametrize("size", [0, 1, CHUNK, 3 * CHUNK + 5, 16 * CHUNK, 40 * CHUNK + 5])
def test_fingerprint_and_ciphertext_match_the_two_pass_way(tmp_path: Path, size: int) -> None:
    path = tmp_path / "plain.bin"
    data = os.urandom(size)
    path.write_bytes(data)
    plan = EncryptionPlan.create([IDENTITY.recipient()])
    whole = io.BytesIO()
    plan.encrypt(io.BytesIO(data), whole)

    view, fingerprint = CiphertextView.fingerprinting(plan, path)
    with view:
        assert fingerprint == PlaintextFingerprint.of(path)
        assert view.read_at(0, view.size + 1) == whole.getvalue()


def test_content_changed_under_the_same_size_and_mtime_is_caught(tmp_path: Path) -> None:
    path = tmp_path / "plain.bin"
    path.write_bytes(os.urandom(40 * CHUNK))
    view, _ = CiphertextView.fingerprinting(EncryptionPlan.create([IDENTITY.recipient()]), path)
    stat = path.stat()
    with path.open("r+b") as file:
        file.seek(33 * CHUNK + 10)  # in the third batch of 16 chunks
        file.write(b"changed")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    with view, pytest.raises(PlaintextChangedError):
        view.read_at(0, view.size)


def test_a_file_that_changes_size_meanwhile_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plain.bin"
    path.write_bytes(os.urandom(CHUNK))
    view, _ = CiphertextView.fingerprinting(EncryptionPlan.create([IDENTITY.recipient()]), path)
    with path.open("ab") as file:
        file.write(b"more")
    with view, pytest.raises(PlaintextChangedError):
        view.read_at(0, 10)
