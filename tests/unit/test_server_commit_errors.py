"""A background commit that fails (ENOSPC while recording, on a full disk) is the PATCH's
error, not an unretrieved task exception: before, the next commit point replaced the failed
task, asyncio logged "Task exception was never retrieved" and the PATCH answered as if the
bytes were recorded. The file is real; the failing record is injected."""

from __future__ import annotations

import asyncio
import errno
import gc
from pathlib import Path
from typing import Any

import pytest

from noomus_extranet.tus.blocks import BlockWriter as _BlockWriter


def test_a_failed_background_commit_reaches_the_caller(tmp_path: Path) -> None:
    unretrieved: list[dict[str, Any]] = []
    recorded: list[int] = []

    def record(n: int) -> None:
        if n == 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        recorded.append(n)

    async def scenario() -> None:
        asyncio.get_running_loop().set_exception_handler(lambda _l, c: unretrieved.append(c))
        with (tmp_path / "upload.bin").open("wb") as f:
            writer = _BlockWriter(f, [])
            try:
                await writer.write([b"first"])
                writer.commit_in_background(lambda: record(1))
                await asyncio.sleep(0.2)  # the commit has failed by now
                await writer.write([b"second"])
                writer.commit_in_background(lambda: record(2))
                with pytest.raises(OSError, match="No space"):
                    await writer.sync()
            finally:
                await writer.close()
        gc.collect()
        await asyncio.sleep(0)

    asyncio.run(scenario())
    assert recorded == []  # nothing recorded after the failure
    assert unretrieved == []
