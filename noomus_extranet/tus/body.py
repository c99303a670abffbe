"""Reading an upload's request body straight from ASGI ``receive``, so that a dead connection
cannot hold the upload: the read stops after ``idle_timeout`` seconds without a byte, or at
once when a newer request for the same upload takes over (:meth:`Body.interrupt`, as tusd
does). Either way the caller keeps what arrived and the client resumes from ``HEAD``."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from starlette.types import Receive

from noomus_extranet.errors import ApiError


def request_timeout(seconds: float) -> ApiError:
    return ApiError(
        408, "request_timeout", f"No bytes of the body arrived for {seconds:g} s; resume with HEAD."
    )


def upload_interrupted() -> ApiError:
    return ApiError(
        409,
        "upload_interrupted",
        "A newer request for this upload took over; resume with HEAD.",
    )


class Body:
    """One request's body; iterate :meth:`chunks` once."""

    def __init__(self, receive: Receive, idle_timeout: float) -> None:
        self._receive = receive
        self._idle_timeout = idle_timeout
        self._scope: asyncio.Timeout | None = None
        self._interrupted = False

    def interrupt(self) -> None:
        """Stop waiting for the client: take what the server already received, then stop."""
        self._interrupted = True
        if self._scope is not None and not self._scope.expired():
            self._scope.reschedule(asyncio.get_running_loop().time())

    async def chunks(self) -> AsyncIterator[bytes]:
        """The body's non-empty chunks; ends quietly if the client disconnects, raises
        ``request_timeout`` (408) or ``upload_interrupted`` (409) if it is stopped."""
        more, last = True, False
        while more:
            if last:
                raise upload_interrupted()
            # Once interrupted, a zero timeout still takes the bytes already received (one
            # message holds them all; receive returns it without suspending), then stops.
            last = self._interrupted
            wait = 0.0 if last else self._idle_timeout
            try:
                async with asyncio.timeout(wait) as self._scope:
                    message = await self._receive()
            except TimeoutError:
                raise (
                    upload_interrupted()
                    if self._interrupted
                    else request_timeout(self._idle_timeout)
                ) from None
            finally:
                self._scope = None
            if message["type"] != "http.request":  # http.disconnect
                return
            if chunk := message.get("body", b""):
                yield chunk
            more = message.get("more_body", False)
