"""The server's block writer after a failed write (a disk error, ENOSPC that clears a moment
later): no later block may land at the wrong place, and no offset may be recorded over bytes
that never reached the file. The failure is injected (one ENOSPC); the file is real."""

from __future__ import annotations

import asyncio
import errno
import hashlib
from pathlib import Path

import pytest

from noomus_extranet.tus import blocks
from noomus_extranet.tus.blocks import BlockWriter


def test_a_failed_write_stops_every_later_write_and_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write_all = blocks._write_all
    calls = 0

    def fail_the_second(fd: int, block: list[bytes]) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write_all(fd, block)

    monkeypatch.setattr(blocks, "_write_all", fail_the_second)
    recorded: list[str] = []

    async def scenario() -> None:
        with (tmp_path / "upload.bin").open("wb") as f:
            writer = BlockWriter(f, [hashlib.sha256()])
            try:
                for block in ([b"first"], [b"second"], [b"third"]):
                    await writer.write(block)
                writer.commit_in_background(lambda: recorded.append("background"))
                with pytest.raises(OSError, match="No space"):
                    await writer.sync()
            finally:
                await writer.close()

    asyncio.run(scenario())
    # The third block was refused (not written where the second should have been).
    assert (tmp_path / "upload.bin").read_bytes() == b"first"
    assert recorded == []
