"""Limits on connections themselves, below the app: how many, and how long and large headers.

uvicorn has none of these: 50 slow or silent connections were still open after 40 s, and
there was no bound on their number. This HTTP protocol (uvicorn's httptools one, extended)
closes a connection whose request headers are not complete within ``header_timeout``
seconds of its opening or of its first byte (a silent or slow-header client), answers
``431`` to headers larger than ``max_header_bytes``, and answers ``503`` with
``Retry-After`` at once to a connection past ``max_connections``. The keep-alive time
between requests is uvicorn's ``timeout_keep_alive``.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


@dataclass(frozen=True)
class ConnectionLimits:
    max_connections: int = 500
    header_timeout: float = 10.0
    max_header_bytes: int = 32 * 1024


def _answer(status: int, reason: str, code: str, message: str, extra: str = "") -> bytes:
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n{extra}\r\n"
    )
    return head.encode() + body


TOO_MANY = _answer(
    503,
    "Service Unavailable",
    "server_busy",
    "The server has too many connections. Please try again shortly.",
    "retry-after: 5\r\n",
)
HEADERS_TOO_LARGE = _answer(
    431,
    "Request Header Fields Too Large",
    "headers_too_large",
    "The request headers are too large.",
)


class LimitedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's protocol with :class:`ConnectionLimits` (set by :func:`protocol_class`)."""

    limits = ConnectionLimits()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_timer: asyncio.TimerHandle | None = None
        self._header_bytes = 0
        self._in_headers = True
        self._accepted = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        if len(self.connections) >= self.limits.max_connections:
            transport.write(TOO_MANY)
            transport.close()
            return
        self._accepted = True
        super().connection_made(transport)
        self._arm_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_timer()
        if self._accepted:
            super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._in_headers:
            end = data.find(b"\r\n\r\n")  # body bytes may follow the headers in one read
            self._header_bytes += len(data) if end < 0 else end
            if self._header_bytes > self.limits.max_header_bytes:
                self._disarm_header_timer()
                self.transport.write(HEADERS_TOO_LARGE)
                self.transport.close()
                return
        super().data_received(data)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_headers = True
        self._header_bytes = 0
        if self._header_timer is None:
            self._arm_header_timer()

    def on_headers_complete(self) -> None:
        self._in_headers = False
        self._disarm_header_timer()
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        # Between requests uvicorn's keep-alive timer runs; the next request's first byte
        # (on_message_begin) arms the header timer again.
        self._in_headers = True
        self._header_bytes = 0

    def _arm_header_timer(self) -> None:
        self._disarm_header_timer()
        self._header_timer = self.loop.call_later(self.limits.header_timeout, self._too_slow)

    def _disarm_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _too_slow(self) -> None:
        self._header_timer = None
        if self._in_headers and not self.transport.is_closing():
            self.transport.close()


def protocol_class(limits: ConnectionLimits) -> type[LimitedHttpToolsProtocol]:
    """The protocol class for ``uvicorn.Config(http=...)`` with these limits."""
    return type("NoomusHttpProtocol", (LimitedHttpToolsProtocol,), {"limits": limits})
