"""A plan stored with its chunk tags, and a resumed view proving every chunk against them:
the invariant of ``docs/crypto.md`` at the level of the age engine."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from noomus_desktop.core.crypto import (
    CiphertextView,
    EncryptionPlan,
    InvalidPlanError,
    PlaintextChangedError,
    PlaintextFingerprint,
    generate_identity,
)

CHUNK = 64 * 1024
IDENTITY = generate_identity()


def _fingerprinted(path: Path, data: bytes) -> tuple[EncryptionPlan, bytes, bytes]:
    """Plan, stored record and whole ciphertext of ``data`` written at ``path``."""
    path.write_bytes(data)
    plan = EncryptionPlan.create([IDENTITY.recipient()])
    view, _ = CiphertextView.fingerprinting(plan, path)
    with view:
        return plan, plan.to_record(view.tags), bytes(view.read_at(0, view.size))


def _rewrite_keeping_mtime(path: Path, data: bytes) -> None:
    before = path.stat()
    path.write_bytes(data)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_record_round_trip_keeps_plan_and_every_tag(tmp_path: Path) -> None:
    data = os.urandom(3 * CHUNK + 7)
    plan, record, ciphertext = _fingerprinted(tmp_path / "f", data)
    again, tags = EncryptionPlan.from_record(record)
    assert len(tags) == 4 * 16
    assert again.prefix == plan.prefix
    payload = ciphertext[len(plan.prefix) :]
    sealed = [payload[at : at + CHUNK + 16] for at in range(0, len(payload), CHUNK + 16)]
    assert tags == b"".join(chunk[-16:] for chunk in sealed)


def test_bare_plan_of_an_older_release_reads_without_tags(tmp_path: Path) -> None:
    plan, _, _ = _fingerprinted(tmp_path / "f", b"x" * 10)
    again, tags = EncryptionPlan.from_record(plan.to_bytes())
    assert (again.prefix, tags) == (plan.prefix, b"")


@pytest.mark.parametrize(
    "mangle",
    [
        lambda b: b"\x04" + b[1:],
        lambda b: b[:3],
        lambda b: b + b"x",  # tags no longer whole
        lambda b: b[:1] + (10**6).to_bytes(4, "big") + b[5:],  # plan length past the end
    ],
)
def test_damaged_record_is_refused(tmp_path: Path, mangle: Callable[[bytes], bytes]) -> None:
    _, record, _ = _fingerprinted(tmp_path / "f", os.urandom(CHUNK + 1))
    with pytest.raises(InvalidPlanError):
        EncryptionPlan.from_record(mangle(record))


def test_resumed_view_refuses_a_changed_chunk_before_handing_out_any_byte(
    tmp_path: Path,
) -> None:
    """Same size and mtime, one byte changed in chunk 2: a resumed read from chunk 3 is
    refused, though chunk 3 itself is unchanged and no whole-file hash is reached yet."""
    path = tmp_path / "f"
    data = os.urandom(8 * CHUNK)
    plan, record, _ = _fingerprinted(path, data)
    changed = bytearray(data)
    changed[2 * CHUNK + 5] ^= 1
    _rewrite_keeping_mtime(path, bytes(changed))
    again, tags = EncryptionPlan.from_record(record)
    stat = path.stat()
    stored = PlaintextFingerprint(stat.st_size, stat.st_mtime_ns, "0" * 64)  # never reached
    with (
        CiphertextView.open(again, path, stored, known_tags=tags) as resumed,
        pytest.raises(PlaintextChangedError),
    ):
        resumed.read_at(len(plan.prefix) + 3 * (CHUNK + 16), 100)


def test_resumed_view_with_unchanged_file_reproduces_the_ciphertext(tmp_path: Path) -> None:
    path = tmp_path / "f"
    data = os.urandom(5 * CHUNK + 3)
    plan, record, ciphertext = _fingerprinted(path, data)
    again, tags = EncryptionPlan.from_record(record)
    view, fingerprint = CiphertextView.fingerprinting(plan, path)
    view.close()
    with CiphertextView.open(again, path, fingerprint, known_tags=tags) as resumed:
        middle = len(plan.prefix) + 2 * (CHUNK + 16) + 9
        assert resumed.read_at(middle, len(ciphertext)) == ciphertext[middle:]
