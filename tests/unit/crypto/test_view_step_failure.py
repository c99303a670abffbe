"""A read error in the middle of a streamed batch (``_seal_next_batch`` reads it a few chunks
at a time) leaves the view as it was before the batch: no tag kept that no store covers."""

from __future__ import annotations

import errno
import io
import os
from pathlib import Path

import pytest

from noomus_desktop.core.crypto import (
    CiphertextView,
    EncryptionPlan,
    SourceUnreadableError,
    generate_identity,
)
from noomus_desktop.core.crypto.stream import CHUNK_SIZE, ENCRYPTED_CHUNK_SIZE

SIZE = 40 * CHUNK_SIZE + 5  # one batch of 41 chunks: 14 reads of 3 chunks


class _FailingOnce(io.RawIOBase):
    """The real file, whose ``n``-th ``readinto`` fails once as a dropped network share does."""

    def __init__(self, path: Path, n: int) -> None:
        self._file = path.open("rb", buffering=0)
        self._left = n

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        self._left -= 1
        if self._left == 0:
            raise OSError(errno.EIO, "Input/output error")
        return self._file.readinto(buffer) or 0

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._file.seek(offset, whence)

    def fileno(self) -> int:
        return self._file.fileno()

    def close(self) -> None:
        self._file.close()
        super().close()


def _view(tmp_path: Path, stored: list[bytes]) -> tuple[EncryptionPlan, bytes, CiphertextView]:
    data = os.urandom(SIZE)
    path = tmp_path / "f.bin"
    path.write_bytes(data)
    plan = EncryptionPlan.create([generate_identity().recipient()])
    stat = path.stat()
    view = CiphertextView(
        plan,
        path,
        expected_size=stat.st_size,
        expected_mtime_ns=stat.st_mtime_ns,
        reserve=stored.append,
    )
    view._file.close()
    view._file = _FailingOnce(path, 5)  # type: ignore[assignment]
    return plan, data, view


def test_a_read_retried_after_an_error_mid_batch_is_served(tmp_path: Path) -> None:
    stored: list[bytes] = []
    plan, data, view = _view(tmp_path, stored)
    expected = io.BytesIO()
    plan.encrypt(io.BytesIO(data), expected)
    with view:
        with pytest.raises(SourceUnreadableError):
            view.read_at(0, view.size)
        assert view.read_at(0, view.size) == expected.getvalue()
    assert stored[-1] == view.tags


def test_an_error_mid_batch_in_a_creation_request_says_the_file_is_unreadable(
    tmp_path: Path,
) -> None:
    stored: list[bytes] = []
    plan, _, view = _view(tmp_path, stored)
    with view, pytest.raises(SourceUnreadableError), view.defer_saves():
        view.read_at(0, len(plan.prefix) + ENCRYPTED_CHUNK_SIZE)
