"""The random-access ciphertext view and the encryption plan behind it."""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noomus_desktop.core.crypto import (
    CiphertextView,
    EncryptionPlan,
    InvalidPlanError,
    PlaintextChangedError,
    PlaintextFingerprint,
    ciphertext_size,
    decrypt_bytes,
    generate_identity,
)
from noomus_desktop.core.errors import AbortedError

CHUNK = 64 * 1024
SEALED = CHUNK + 16  # a chunk and its tag
SIZES = [0, 1, 65535, 65536, 65537, 2 * CHUNK - 1, 2 * CHUNK, 2 * CHUNK + 1, 5 * CHUNK + 1, 3 << 20]
IDENTITY = generate_identity()
# Hypothesis re-runs a test body many times; the autouse home fixture needs no reset between.
PROPERTY = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _whole(plan: EncryptionPlan, data: bytes) -> bytes:
    out = io.BytesIO()
    plan.encrypt(io.BytesIO(data), out)
    return out.getvalue()


class _Case:
    """A plaintext file, its plan, and the whole-file encryption under that plan."""

    def __init__(self, directory: Path, size: int) -> None:
        self.path = directory / f"plain-{size}.bin"
        self.data = os.urandom(size)
        self.path.write_bytes(self.data)
        self.plan = EncryptionPlan.create([IDENTITY.recipient()])
        self.ciphertext = _whole(self.plan, self.data)
        self.fingerprint = PlaintextFingerprint.of(self.path)

    def view(self) -> CiphertextView:
        return CiphertextView.open(self.plan, self.path, self.fingerprint)


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> dict[int, _Case]:
    directory = tmp_path_factory.mktemp("view")
    return {size: _Case(directory, size) for size in SIZES}


@pytest.mark.parametrize("size", SIZES)
def test_whole_view_equals_whole_encryption(cases: dict[int, _Case], size: int) -> None:
    case = cases[size]
    with case.view() as view:
        assert view.size == len(case.ciphertext) == case.plan.ciphertext_size(size)
        assert view.size == ciphertext_size(size, case.plan.header_size)
        assert view.read_at(0, view.size + 10) == case.ciphertext
        assert view.read_at(view.size, 10) == b""
    assert decrypt_bytes(case.ciphertext, [IDENTITY]) == case.data


@PROPERTY
@given(data=st.data())
def test_read_at_equals_slice_of_whole_encryption(
    cases: dict[int, _Case], data: st.DataObject
) -> None:
    case = cases[data.draw(st.sampled_from(SIZES), label="size")]
    reads = data.draw(
        st.lists(
            st.tuples(st.integers(0, len(case.ciphertext)), st.integers(0, 3 * CHUNK)),
            min_size=1,
            max_size=4,
        ),
        label="reads",
    )
    with case.view() as view:
        for offset, length in reads:
            assert view.read_at(offset, length) == case.ciphertext[offset : offset + length]


def test_sequential_small_reads_reassemble_the_file(cases: dict[int, _Case]) -> None:
    case = cases[5 * CHUNK + 1]
    with case.view() as view:
        pieces = [view.read_at(offset, 7000) for offset in range(0, view.size, 7000)]
    assert b"".join(pieces) == case.ciphertext


def _rewrite_keeping_mtime(path: Path, data: bytes) -> None:
    stat = path.stat()
    path.write_bytes(data)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def _case(tmp_path: Path, size: int) -> _Case:
    return _Case(tmp_path, size)


def test_size_change_is_detected(tmp_path: Path) -> None:
    case = _case(tmp_path, 3 * CHUNK)
    with case.view() as view:
        view.read_at(0, 1000)
        with case.path.open("ab") as out:
            out.write(b"more")
        with pytest.raises(PlaintextChangedError) as caught:
            view.read_at(1000, 1000)
    assert caught.value.code == "file_changed"
    assert "changed while it was being sent" in caught.value.message


def test_mtime_change_is_detected(tmp_path: Path) -> None:
    case = _case(tmp_path, 3 * CHUNK)
    with case.view() as view:
        view.read_at(0, 1000)
        os.utime(case.path, ns=(0, case.fingerprint.mtime_ns + 1_000_000))
        with pytest.raises(PlaintextChangedError):
            view.read_at(1000, 1000)


def test_moved_file_is_detected(tmp_path: Path) -> None:
    case = _case(tmp_path, 3 * CHUNK)
    with case.view() as view:
        view.read_at(0, 1000)
        case.path.rename(tmp_path / "elsewhere.bin")
        with pytest.raises(PlaintextChangedError):
            view.read_at(1000, 1000)


def test_changed_file_is_refused_when_opening(tmp_path: Path) -> None:
    case = _case(tmp_path, 1000)
    case.path.write_bytes(b"x" * 999)
    with pytest.raises(PlaintextChangedError):
        case.view()


def test_regenerated_chunk_with_changed_content_is_detected(tmp_path: Path) -> None:
    """A retried range whose plaintext changed (mtime forged back) no longer matches its tag."""
    case = _case(tmp_path, 4 * CHUNK)
    with case.view() as view:
        view.read_at(0, view.size // 2)
        changed = bytearray(case.data)
        changed[10] ^= 1
        _rewrite_keeping_mtime(case.path, bytes(changed))
        view.read_at(view.size // 2, CHUNK)  # chunks not produced before: no evidence yet
        with pytest.raises(PlaintextChangedError):
            view.read_at(0, len(case.plan.prefix) + 100)  # regenerates chunk 0
        with pytest.raises(PlaintextChangedError):  # and the view stays refused
            view.read_at(view.size - 10, 10)


def test_content_change_never_completes(tmp_path: Path) -> None:
    """Content changed under an unchanged size and mtime: the final chunk is refused."""
    case = _case(tmp_path, 4 * CHUNK + 5)
    with case.view() as view:
        produced = view.read_at(0, 2 * CHUNK)
        changed = bytearray(case.data)
        changed[-1] ^= 1
        _rewrite_keeping_mtime(case.path, bytes(changed))
        with pytest.raises(PlaintextChangedError):
            view.read_at(len(produced), view.size)


def test_resumed_view_verifies_the_skipped_prefix(tmp_path: Path) -> None:
    """A view started mid-file (resume after restart) still refuses a changed prefix."""
    case = _case(tmp_path, 4 * CHUNK + 5)
    changed = bytearray(case.data)
    changed[3] ^= 1
    _rewrite_keeping_mtime(case.path, bytes(changed))
    with case.view() as view, pytest.raises(PlaintextChangedError):
        view.read_at(view.size - 100, 100)


def test_view_without_expected_hash_still_checks_tags(tmp_path: Path) -> None:
    case = _case(tmp_path, 2 * CHUNK)
    view = CiphertextView(
        case.plan,
        case.path,
        expected_size=case.fingerprint.size,
        expected_mtime_ns=case.fingerprint.mtime_ns,
    )
    with view:
        assert view.read_at(0, view.size) == case.ciphertext
        _rewrite_keeping_mtime(case.path, os.urandom(2 * CHUNK))
        with pytest.raises(PlaintextChangedError):
            view.read_at(0, 10_000)


def test_fingerprinting_view_seals_whole_chunks_exactly(cases: dict[int, _Case]) -> None:
    """Once every tag is known, whole chunks are sealed straight into the read's buffer:
    aligned reads, reads spanning chunk edges and one read of everything all agree."""
    for case in cases.values():
        view, fingerprint = CiphertextView.fingerprinting(case.plan, case.path)
        with view:
            assert fingerprint == case.fingerprint
            prefix = len(case.plan.prefix)
            assert view.read_at(0, view.size) == case.ciphertext
            aligned = [view.read_at(0, prefix)] + [
                view.read_at(offset, SEALED) for offset in range(prefix, view.size, SEALED)
            ]
            assert b"".join(aligned) == case.ciphertext
            step = 3 * SEALED - 7
            spanning = [view.read_at(o, step) for o in range(0, view.size, step)]
            assert b"".join(spanning) == case.ciphertext


def test_whole_chunk_regenerated_from_changed_content_is_detected(tmp_path: Path) -> None:
    """A retried range of whole chunks whose plaintext changed (mtime forged back) is refused."""
    case = _case(tmp_path, 4 * CHUNK)
    view, _ = CiphertextView.fingerprinting(case.plan, case.path)
    with view:
        changed = bytearray(case.data)
        changed[CHUNK + 10] ^= 1  # inside chunk 1
        _rewrite_keeping_mtime(case.path, bytes(changed))
        prefix = len(case.plan.prefix)
        assert view.read_at(prefix, SEALED) == case.ciphertext[prefix : prefix + SEALED]
        with pytest.raises(PlaintextChangedError):
            view.read_at(prefix + SEALED, 2 * SEALED)


def test_fingerprint(tmp_path: Path) -> None:
    path = tmp_path / "f.bin"
    path.write_bytes(b"hello")
    fingerprint = PlaintextFingerprint.of(path)
    assert fingerprint.size == 5
    assert fingerprint.sha256 == hashlib.sha256(b"hello").hexdigest()
    assert fingerprint.mtime_ns == path.stat().st_mtime_ns


class _WriterAfterFirstBlock:
    """An abort flag that is never set, but appends to the file when first asked (after
    the first block is hashed): another program writing while the fingerprint is taken."""

    def __init__(self, path: Path) -> None:
        self.path, self.asked = path, 0

    def is_set(self) -> bool:
        self.asked += 1
        if self.asked == 1:
            with self.path.open("ab") as file:
                file.write(b"appended")
        return False


def test_fingerprint_refuses_a_file_written_meanwhile(tmp_path: Path) -> None:
    path = tmp_path / "f.bin"
    path.write_bytes(os.urandom(3 << 20))
    writer = _WriterAfterFirstBlock(path)
    with pytest.raises(PlaintextChangedError):
        PlaintextFingerprint.of(path, abort=writer)
    assert writer.asked >= 1


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs Linux's /proc")
def test_fingerprint_refuses_a_file_whose_size_is_misreported() -> None:
    """A /proc file (as some FUSE files) says 0 bytes and yields more: the fingerprint
    would claim a size its bytes do not have."""
    with pytest.raises(PlaintextChangedError):
        PlaintextFingerprint.of("/proc/self/status")


class _Stopped:
    """An abort flag already set (as a ``threading.Event`` after ``set()``)."""

    def is_set(self) -> bool:
        return True


def test_fingerprint_stops_when_aborted(tmp_path: Path) -> None:
    path = tmp_path / "f.bin"
    path.write_bytes(os.urandom(3 << 20))
    with pytest.raises(AbortedError):
        PlaintextFingerprint.of(path, abort=_Stopped())


def test_plan_round_trip(cases: dict[int, _Case]) -> None:
    case = cases[65537]
    blob = case.plan.to_bytes()
    assert len(blob) < 300
    again = EncryptionPlan.from_bytes(blob)
    assert _whole(again, case.data) == case.ciphertext
    assert again.header_size == case.plan.header_size


@pytest.mark.parametrize(
    "mangle",
    [
        lambda b: b"",
        lambda b: b"\x02" + b[1:],
        lambda b: b[:40],
        lambda b: b[:5] + bytes([b[5] ^ 1]) + b[6:],  # file key no longer matches the MAC
        lambda b: b + b"x",
    ],
)
def test_damaged_plan_is_refused(cases: dict[int, _Case], mangle: Callable[[bytes], bytes]) -> None:
    with pytest.raises(InvalidPlanError):
        EncryptionPlan.from_bytes(mangle(cases[1].plan.to_bytes()))


def test_secrets_never_in_repr(cases: dict[int, _Case]) -> None:
    case = cases[1]
    secrets = [case.plan.file_key.hex(), case.plan.to_bytes().hex(), repr(case.plan.file_key)]
    with case.view() as view:
        shown = [repr(case.plan), str(case.plan), repr(view), str(view)]
    for text in shown:
        assert not any(secret in text for secret in secrets)


def test_negative_arguments_are_refused(cases: dict[int, _Case]) -> None:
    with cases[1].view() as view, pytest.raises(ValueError):
        view.read_at(-1, 10)
    with pytest.raises(ValueError):
        ciphertext_size(-1, 100)
