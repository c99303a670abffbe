"""Files of uploads in progress and of deliveries, under the data directory.

``uploads/<id>.part`` grows while an upload is in progress; on completion it is fsynced and
renamed (atomically, same file system) to ``inbox/<user id>/<id>.age``, and both directories
are fsynced so the move survives a crash.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import BinaryIO

AGE_PREFIX = b"age-encryption.org/v1\n"
_READ_SIZE = 4 * 1024 * 1024


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Storage:
    def __init__(self, data_dir: Path) -> None:
        self.uploads = data_dir / "uploads"
        self.inbox = data_dir / "inbox"
        for folder in (self.uploads, self.inbox):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)

    def part_path(self, upload_id: str) -> Path:
        return self.uploads / f"{upload_id}.part"

    def delivery_path(self, user_id: int, upload_id: str) -> Path:
        return self.inbox / str(user_id) / f"{upload_id}.age"

    def create(self, upload_id: str) -> None:
        fd = os.open(self.part_path(upload_id), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        fsync_dir(self.uploads)

    def open_at(self, upload_id: str, offset: int) -> BinaryIO:
        """Open for appending at the recorded ``offset``, dropping any unrecorded tail."""
        f = self.part_path(upload_id).open("r+b", buffering=0)
        f.truncate(offset)
        f.seek(offset)
        return f

    def remove(self, upload_id: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.part_path(upload_id).unlink()

    def deliver(self, upload_id: str, user_id: int) -> Path:
        """Move a complete (already fsynced) upload into its owner's inbox, durably."""
        target = self.delivery_path(user_id, upload_id)
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fsync_dir(self.inbox)
        self.part_path(upload_id).replace(target)
        fsync_dir(target.parent)
        fsync_dir(self.uploads)
        return target

    def starts_encrypted(self, path: Path) -> bool:
        with path.open("rb") as f:
            return f.read(len(AGE_PREFIX)) == AGE_PREFIX
