"""The running SHA-256 of each upload's stored bytes, kept between PATCHes so that completing an
upload does not read the whole file again to fill in the delivery's digest.

The event loop keeps and takes digests as PATCHes come and go, while completion and discarding
run in worker threads: every access goes through one lock. A digest is only valid for the
offset it was taken at; whoever takes it gets it alone (it is removed), so no two requests
ever feed the same hasher.
"""

from __future__ import annotations

import hashlib
import threading


class RunningDigests:
    """``upload id -> (offset, hasher)``, safe to use from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._digests: dict[str, tuple[int, hashlib._Hash]] = {}

    def keep(self, upload_id: str, offset: int, hasher: hashlib._Hash) -> None:
        """Remember ``hasher`` as the digest of the upload's first ``offset`` bytes."""
        with self._lock:
            self._digests[upload_id] = (offset, hasher)

    def take(self, upload_id: str, offset: int) -> hashlib._Hash | None:
        """The digest of the first ``offset`` bytes, if known; forgotten either way."""
        with self._lock:
            found = self._digests.pop(upload_id, None)
        return found[1] if found is not None and found[0] == offset else None

    def drop(self, upload_id: str) -> None:
        with self._lock:
            self._digests.pop(upload_id, None)
