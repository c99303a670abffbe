"""Request bodies under limits before the app reads them (an ASGI middleware).

A 300 MiB JSON body to ``/auth/login`` used to be read whole (the server grew from 131 MB
to 988 MB), and a refused upload body was drained to its end (9.5 GB). Here:

- a JSON endpoint's body (anything but the tus endpoint) is gathered by this middleware,
  at most ``max_json_body`` bytes and within ``body_timeout`` seconds, before the app sees
  it: a larger declared ``Content-Length`` is refused at once without reading a byte, a
  longer (chunked) body as soon as it passes the limit, a slow one when time is up;
- an answer that starts while the request body is still unread reads at most 4 MiB (2 s) of
  the rest, so that a client sending a small body still gets the answer, then closes the
  connection (``Connection: close``): an early 4xx never drains a large body.

tus bodies stream to disk (``noomus_extranet/tus/body.py`` has their idle timeout).
"""

from __future__ import annotations

import asyncio
import contextlib
import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

UPLOADS_PREFIX = "/api/v1/uploads"
#: What an early answer still reads of an unwanted body before it closes the connection.
DRAIN_BYTES = 4 * 1024 * 1024
DRAIN_SECONDS = 2.0


def error_answer(status: int, code: str, message: str) -> tuple[int, bytes]:
    """``(status, body)`` of an error answered below the app (same shape as the app's)."""
    return status, json.dumps({"error": {"code": code, "message": message}}).encode()


def too_large(limit: int) -> tuple[int, bytes]:
    return error_answer(413, "request_too_large", f"The request body is limited to {limit} bytes.")


def too_slow(seconds: float) -> tuple[int, bytes]:
    return error_answer(
        408, "request_timeout", f"The request body did not arrive within {seconds:g} s."
    )


async def send_error(send: Send, answer: tuple[int, bytes]) -> None:
    """An error answer that also ends the connection (the rest of the body is not read)."""
    status, body = answer
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
        (b"cache-control", b"no-store"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _has_body(scope: Scope) -> bool:
    for name, value in scope["headers"]:
        if name == b"content-length" and value.strip() not in (b"", b"0"):
            return True
        if name == b"transfer-encoding":
            return True
    return False


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_json_body: int, body_timeout: float) -> None:
        self.app = app
        self.max_json_body = max_json_body
        self.body_timeout = body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if not scope["path"].startswith(UPLOADS_PREFIX) and _has_body(scope):
            gathered = await self._gather(scope, receive, send)
            if gathered is None:
                return
            receive = _replay(gathered)
        await self.app(scope, *_closing_if_unread(scope, receive, send))

    async def _gather(self, scope: Scope, receive: Receive, send: Send) -> bytes | None:
        """The whole (small) body, or None once an error was answered."""
        limit = self.max_json_body
        declared = _declared_length(scope)
        if declared is not None and declared > limit:
            await send_error(send, too_large(limit))
            return None
        chunks: list[bytes] = []
        size = 0
        try:
            async with asyncio.timeout(self.body_timeout):
                more = True
                while more:
                    message = await receive()
                    if message["type"] != "http.request":
                        return None  # the client went away
                    chunk = message.get("body", b"")
                    size += len(chunk)
                    if size > limit:
                        await send_error(send, too_large(limit))
                        return None
                    chunks.append(chunk)
                    more = message.get("more_body", False)
        except TimeoutError:
            await send_error(send, too_slow(self.body_timeout))
            return None
        return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def _closing_if_unread(scope: Scope, receive: Receive, send: Send) -> tuple[Receive, Send]:
    """Wrap ``receive`` to see when the body ends, and ``send`` so that an answer starting
    before it drains a little of the rest (a client that sends its whole body before reading,
    as most do, then reads the answer instead of a reset) and otherwise closes the
    connection (``Connection: close``) rather than read a body it does not want."""
    done = not _has_body(scope)

    async def watching_receive() -> Message:
        nonlocal done
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            done = True
        return message

    async def drain() -> None:
        drained = 0
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(DRAIN_SECONDS):
                while not done and drained <= DRAIN_BYTES:
                    drained += len((await watching_receive()).get("body", b""))

    async def closing_send(message: Message) -> None:
        if message["type"] == "http.response.start" and not done:
            headers = list(message.get("headers", []))
            if not any(name.lower() == b"connection" for name, _ in headers):
                await drain()
                if not done:
                    message = {**message, "headers": [*headers, (b"connection", b"close")]}
        await send(message)

    return watching_receive, closing_send
