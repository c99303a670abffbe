"""The body cutter: turns a PATCH body's chunks into blocks for the block writer, and decides
as the bytes arrive what the upload rules say of them: no byte past ``Upload-Length``, the
age header first, and when it is time to re-check the caller or to commit an offset.

Pure bookkeeping (no I/O, no clock but ``time.monotonic``), so the event loop can run it
for every chunk.
"""

from __future__ import annotations

import time

from noomus_extranet.agefile import armored_age, looks_armored
from noomus_extranet.config import ServerConfig
from noomus_extranet.errors import ApiError
from noomus_extranet.storage import AGE_PREFIX

BLOCK = 4 * 1024 * 1024
BLOCK_CHUNKS = 512  # chunks per block: one writev takes at most IOV_MAX (1024) buffers


def not_encrypted() -> ApiError:
    return ApiError(
        422,
        "not_encrypted",
        "Only files encrypted with age (age-encryption.org/v1) are accepted.",
    )


class BlockCutter:
    """Cuts a request body into blocks, enforcing the length and the age header as it goes."""

    def __init__(self, start: int, length: int, config: ServerConfig) -> None:
        self.received = start
        self.written = start  # bytes handed out as blocks
        self.length = length
        self._buf: list[bytes] = []
        self._buffered = 0
        self._commit_bytes = config.commit_bytes
        self._recheck_bytes = config.recheck_bytes
        self._recheck_interval = config.recheck_interval
        self._next_commit = start + config.commit_bytes
        self._next_check = start + config.recheck_bytes
        self._check_after = time.monotonic() + config.recheck_interval

    def feed(self, chunk: bytes) -> list[bytes] | None:
        """Accept a chunk; return a block to write once enough has gathered."""
        if self.received + len(chunk) > self.length:
            raise ApiError(413, "upload_too_large", "The body goes past Upload-Length.")
        if self.received < len(AGE_PREFIX):
            expected = AGE_PREFIX[self.received :]
            if chunk[: len(expected)] != expected[: len(chunk)]:
                armored = self.received == 0 and looks_armored(chunk)
                raise armored_age() if armored else not_encrypted()
        self._buf.append(chunk)
        self._buffered += len(chunk)
        self.received += len(chunk)
        full = self._buffered >= BLOCK or len(self._buf) >= BLOCK_CHUNKS
        return self.rest() if full else None

    def rest(self) -> list[bytes]:
        """The gathered chunks not yet handed out (possibly none)."""
        block, self._buf = self._buf, []
        self.written += self._buffered
        self._buffered = 0
        return block

    def check_due(self) -> bool:
        if self.written < self._next_check:
            return False
        clock = time.monotonic()
        if clock < self._check_after:
            return False
        self._next_check = self.written + self._recheck_bytes
        self._check_after = clock + self._recheck_interval
        return True

    def commit_due(self) -> bool:
        if self.written < self._next_commit:
            return False
        self._next_commit = self.written + self._commit_bytes
        return True
