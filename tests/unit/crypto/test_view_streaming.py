"""The streaming ciphertext view (delivery format 2, ``docs/crypto.md``): no pass before the
first byte, and every chunk's tag stored before any of its bytes is handed out."""

from __future__ import annotations

import hashlib
import io
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from noomus_desktop.core.crypto import (
    CiphertextView,
    EncryptionPlan,
    PlaintextChangedError,
    generate_identity,
)
from noomus_desktop.core.crypto.stream import CHUNK_SIZE, ENCRYPTED_CHUNK_SIZE, TAG_SIZE
from noomus_desktop.core.crypto.view import RESERVE_AHEAD

SIZE = 3 * RESERVE_AHEAD * CHUNK_SIZE + 12_345  # three full batches and a bit


class _Stored:
    """A ``reserve`` that records the tags it was given, as a durable store would.

    ``skip_behind``: one covering fewer tags than already stored is skipped, as the engine's
    plan keeper does (stores run out of order on a shared pool); otherwise it fails."""

    def __init__(self, *, skip_behind: bool = False) -> None:
        self.tags = b""
        self.calls = 0
        self._lock = threading.Lock()
        self._skip_behind = skip_behind

    def __call__(self, tags: bytes) -> None:
        time.sleep(0.02)  # an fsync: slow enough that not waiting for it would show
        with self._lock:
            if self._skip_behind and len(tags) <= len(self.tags):
                return
            assert len(tags) > len(self.tags), "stores never go backwards"
            self.tags, self.calls = tags, self.calls + 1


def _view(
    plan: EncryptionPlan,
    path: Path,
    stored: _Stored,
    known: bytes = b"",
    writer: ThreadPoolExecutor | None = None,
) -> CiphertextView:
    stat = path.stat()
    return CiphertextView(
        plan,
        path,
        expected_size=stat.st_size,
        expected_mtime_ns=stat.st_mtime_ns,
        known_tags=known,
        reserve=stored,
        writer=writer,
    )


@pytest.fixture
def source(tmp_path: Path) -> tuple[EncryptionPlan, Path, bytes]:
    data = os.urandom(SIZE)
    path = tmp_path / "big.bin"
    path.write_bytes(data)
    return EncryptionPlan.create([generate_identity().recipient()]), path, data


def test_every_chunk_handed_out_has_its_tag_stored_first(
    source: tuple[EncryptionPlan, Path, bytes],
) -> None:
    plan, path, data = source
    stored = _Stored()
    expected = io.BytesIO()
    plan.encrypt(io.BytesIO(data), expected)
    sent = bytearray()
    with _view(plan, path, stored) as view:
        while len(sent) < view.size:
            piece = view.read_at(len(sent), 1_000_000)
            sent += piece
            last_chunk = (len(sent) - 1 - len(plan.prefix)) // ENCRYPTED_CHUNK_SIZE
            assert len(stored.tags) // TAG_SIZE > last_chunk
        assert view.plaintext_sha256() == hashlib.sha256(data).hexdigest()
    assert bytes(sent) == expected.getvalue()
    # Stored a batch at a time, not a chunk at a time.
    assert stored.calls == -(-view.chunks // RESERVE_AHEAD)


def test_on_a_shared_pool_every_chunk_still_has_its_tag_stored_first(
    source: tuple[EncryptionPlan, Path, bytes],
) -> None:
    """The engine hands its views one pool for their tag stores (no thread started and
    joined per small file); stores may then finish out of order, and a chunk must still
    wait for the one covering it. ``close`` waits for the stores in flight."""
    plan, path, data = source
    stored = _Stored(skip_behind=True)
    sent = bytearray()
    with ThreadPoolExecutor(4) as pool:
        with _view(plan, path, stored, writer=pool) as view:
            while len(sent) < view.size:
                sent += view.read_at(len(sent), 300_000)
                last_chunk = (len(sent) - 1 - len(plan.prefix)) // ENCRYPTED_CHUNK_SIZE
                assert len(stored.tags) // TAG_SIZE > last_chunk
            assert not [t for t in threading.enumerate() if t.name.startswith("noomus-tags")]
        assert len(stored.tags) == view.chunks * TAG_SIZE
        assert not pool._shutdown  # the view's close leaves the shared pool alone
    expected = io.BytesIO()
    plan.encrypt(io.BytesIO(data), expected)
    assert bytes(sent) == expected.getvalue()


def test_nothing_is_read_before_the_first_byte_is_asked_for(
    source: tuple[EncryptionPlan, Path, bytes],
) -> None:
    plan, path, _ = source
    stored = _Stored()
    with _view(plan, path, stored) as view:
        assert stored.calls == 0 and view.tags == b""
        view.read_at(0, 10)
        # The prefix alone needs no chunk; the first chunk needs its batch and the next.
        assert stored.calls == 0
        view.read_at(len(plan.prefix), 10)
        assert len(stored.tags) // TAG_SIZE <= 2 * RESERVE_AHEAD


def test_a_resumed_view_refuses_a_chunk_changed_since_its_tag_was_stored(
    source: tuple[EncryptionPlan, Path, bytes],
) -> None:
    plan, path, _ = source
    tags = _first_run_sends_one_chunk(plan, path)
    before = path.stat()
    with path.open("r+b") as file:  # changed in place, size and mtime restored
        file.seek(5)
        file.write(b"changed")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    with (
        _view(plan, path, _Stored(), known=tags) as view,
        pytest.raises(PlaintextChangedError),
    ):
        view.read_at(len(plan.prefix), 100)


def _first_run_sends_one_chunk(plan: EncryptionPlan, path: Path) -> bytes:
    """The tags a first run stored, having sent the prefix and the first chunk."""
    stored = _Stored()
    with _view(plan, path, stored) as view:
        view.read_at(0, len(plan.prefix) + ENCRYPTED_CHUNK_SIZE)
    return stored.tags
