"""The access log the security policy asks for: time, client IP, method, path, status, bytes.

Written as an ASGI middleware so it sees every request, including streamed uploads and
errors. It never records headers, query strings or bodies: no tokens, passwords, file
names or upload metadata can reach it.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from noomus_extranet.filemodes import private_file

LOGGER_NAME = "noomus_extranet.access"


def configure_access_log(log_dir: Path, to_stderr: bool) -> logging.Logger:
    """One line per request to ``log_dir/access.log`` (and stderr if asked)."""
    log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    logger = logging.getLogger(LOGGER_NAME)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    private_file(log_dir / "access.log")
    handlers: list[logging.Handler] = [logging.FileHandler(log_dir / "access.log")]
    if to_stderr:
        handlers.append(logging.StreamHandler(sys.stderr))
    for handler in handlers:
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    return logger


class AccessLogMiddleware:
    def __init__(self, app: ASGIApp, logger: logging.Logger) -> None:
        self.app = app
        self.logger = logger

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.monotonic()
        state = {"status": 0, "in": 0, "out": 0}

        async def counting_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                state["in"] += len(message.get("body", b""))
            return message

        async def counting_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["status"] = message["status"]
            elif message["type"] == "http.response.body":
                state["out"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, counting_receive, counting_send)
        finally:
            client = scope.get("client")
            self.logger.info(
                "%s %s %s %s %d in=%d out=%d ms=%d",
                time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                client[0] if client else "-",
                scope["method"],
                _printable(scope["path"]),
                state["status"] or 500,
                state["in"],
                state["out"],
                (time.monotonic() - started) * 1000,
            )


def _printable(path: str) -> str:
    """Keep one request on one line whatever the path contains."""
    return "".join(c if c.isprintable() and c != " " else "?" for c in path)[:512]
