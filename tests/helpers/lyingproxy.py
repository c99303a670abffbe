"""A server that lies: a real HTTP reverse proxy in front of the extranet that rewrites answers.

Every request is forwarded whole to the real server (``Host`` kept, so the server's own URLs
name the proxy); the answer comes back unchanged, except that a JSON answer to a path
matching ``lie_about`` goes through ``lie`` first. It is how a test shows that the client
checks what a broken or hostile server says (the delivery's size and hash, the announced
uploads address) instead of believing it.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

import httpx

#: Headers about one hop of the connection, not about the message: never forwarded.
_HOP = frozenset({"connection", "keep-alive", "transfer-encoding", "content-length"})

Lie = Callable[[Any], Any]


class LyingProxy:
    """``LyingProxy(server_url)``: point the client at :attr:`url`; set :attr:`lie_about` (a
    regular expression over the request path) and :attr:`lie` (new JSON from the real one)."""

    def __init__(self, target: str) -> None:
        self.lie_about: re.Pattern[str] | None = None
        self.lie: Lie = lambda document: document
        #: Paths whose answer was rewritten, in order.
        self.lies_told: list[str] = []
        #: Every request forwarded, ``(method, path)``, in order.
        self.requests: list[tuple[str, str]] = []
        self._upstream = httpx.Client(base_url=target, timeout=30.0)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> LyingProxy:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
        self._upstream.close()

    def _answer(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        self.requests.append((method, path))
        response = self._upstream.request(method, path, headers=headers, content=body)
        content = response.content
        pattern = self.lie_about
        if (
            pattern is not None
            and pattern.search(path)
            and response.headers.get("content-type", "").startswith("application/json")
        ):
            content = json.dumps(self.lie(response.json())).encode()
            self.lies_told.append(path)
        kept = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in _HOP]
        return response.status_code, kept, content

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _forward(self) -> None:
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
                status, kept, content = proxy._answer(
                    self.command, self.path, headers, self._body()
                )
                self.send_response(status)
                for name, value in kept:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(content)

            def _body(self) -> bytes:
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    parts = []
                    while size := int(self.rfile.readline().split(b";")[0], 16):
                        parts.append(self.rfile.read(size))
                        self.rfile.readline()
                    self.rfile.readline()
                    return b"".join(parts)
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            # http.server calls do_<METHOD>: one handler for all of them.
            do_GET = do_POST = do_PUT = do_PATCH = do_HEAD = do_DELETE = do_OPTIONS = _forward  # noqa: N815

            def log_message(self, format: str, *args: object) -> None:
                pass  # quiet: the test reads lies_told

        return Handler
