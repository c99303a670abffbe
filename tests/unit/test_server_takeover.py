"""A newer request takes over an upload from a PATCH whose body has gone silent, even when it
arrived while that PATCH was still waiting for the upload (it then found no body to
interrupt, and used to wait behind the silent body until it gave up with 423)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from starlette.types import Message

from noomus_extranet.admin import open_database
from noomus_extranet.config import ServerConfig
from noomus_extranet.errors import ApiError
from noomus_extranet.storage import Storage
from noomus_extranet.tus.body import Body
from noomus_extranet.tus.uploads import Uploads


async def _silence() -> Message:
    """An ASGI receive whose client never sends another byte (a dead connection)."""
    await asyncio.Event().wait()
    raise AssertionError("unreachable")


def test_a_request_that_came_while_the_patch_waited_takes_over(tmp_path: Path) -> None:
    uploads = Uploads(open_database(tmp_path), Storage(tmp_path), ServerConfig(data_dir=tmp_path))
    events: list[str] = []

    async def first_head(held: asyncio.Event) -> None:
        async with uploads.locks.locked("u"):
            held.set()
            await asyncio.sleep(0.05)  # the PATCH, then a newer HEAD, queue up meanwhile

    async def silent_patch() -> None:
        body = Body(_silence, idle_timeout=60)
        async with uploads.locks.locked("u", body):
            with pytest.raises(ApiError) as stopped:
                async for _ in body.chunks():
                    pass
            events.append(f"patch stopped: {stopped.value.code}")

    async def newer_head() -> None:
        async with uploads.locks.locked("u"):
            events.append("newer head in")

    async def scenario() -> None:
        held = asyncio.Event()
        first = asyncio.create_task(first_head(held))
        await held.wait()
        patch = asyncio.create_task(silent_patch())
        await asyncio.sleep(0.01)  # the PATCH is waiting for the upload
        head = asyncio.create_task(newer_head())
        await asyncio.wait_for(asyncio.gather(first, patch, head), timeout=5)

    asyncio.run(scenario())
    assert events == ["patch stopped: upload_interrupted", "newer head in"]
