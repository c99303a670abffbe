"""Unauthenticated memory and connection exhaustion.

Before: a 300 MiB JSON body to ``/auth/login`` grew the server from 131 MB to 988 MB; 50 slow
or silent connections were still open after 40 s; there was no bound on connections; an early
413 drained a 9.5 GB body. These attacks run here against the real server over raw sockets,
and the server process's own peak RSS (``VmHWM``) is read from ``/proc``.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from tests.helpers.server import RunningExtranet

MIB = 1024 * 1024
ATTACK_BODY = 300 * MIB
SLOW_CONNECTIONS = 200
PEAK_RSS_LIMIT = 200 * 1000 * 1000
HEADER_TIMEOUT = 1.0
BODY_TIMEOUT = 1.5
KEEP_ALIVE = 1
MAX_CONNECTIONS = SLOW_CONNECTIONS + 20
SLACK = 2.5  # a loaded CI machine


@pytest.fixture(scope="module")
def extranet(module_extranet_factory: Callable[..., RunningExtranet]) -> RunningExtranet:
    return module_extranet_factory(
        header_timeout=HEADER_TIMEOUT,
        body_idle_timeout=BODY_TIMEOUT,
        keep_alive_timeout=KEEP_ALIVE,
        max_connections=MAX_CONNECTIONS,
    )


def _peak_rss(server: RunningExtranet) -> int:
    assert server.process is not None
    status = Path(f"/proc/{server.process.pid}/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) * 1024


@contextmanager
def _connect(server: RunningExtranet) -> Iterator[socket.socket]:
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    try:
        yield sock
    finally:
        sock.close()


def _request_head(path: str, headers: dict[str, str]) -> bytes:
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _push_body(sock: socket.socket, size: int, chunked: bool) -> tuple[int, bytes]:
    """Send up to ``size`` bytes until the server stops reading; returns (sent, answer)."""
    block = b"{" + b" " * (MIB - 1)
    sent = 0
    sock.settimeout(5)
    try:
        while sent < size:
            frame = b"%x\r\n%s\r\n" % (len(block), block) if chunked else block
            sock.sendall(frame)
            sent += len(block)
    except OSError:
        pass  # the server closed: what matters is how much it took
    return sent, _read_answer(sock)


def _read_answer(sock: socket.socket) -> bytes:
    sock.settimeout(10)
    answer = b""
    try:
        while chunk := sock.recv(65536):
            answer += chunk
    except OSError:
        pass
    return answer


def _closed_after(sock: socket.socket, limit: float) -> float:
    """Seconds until the server closes ``sock`` (reading and ignoring any answer)."""
    started = time.monotonic()
    sock.settimeout(limit)
    try:
        while sock.recv(65536):
            pass
    except TimeoutError:
        pytest.fail(f"the connection was still open after {limit} s")
    except OSError:
        pass  # reset: closed too
    return time.monotonic() - started


def test_huge_json_bodies_are_refused_unread_and_memory_stays_low(
    extranet: RunningExtranet,
) -> None:
    for chunked in (False, True):
        framing = (
            {"Transfer-Encoding": "chunked"} if chunked else {"Content-Length": str(ATTACK_BODY)}
        )
        headers = {"Content-Type": "application/json", **framing}
        with _connect(extranet) as sock:
            sock.sendall(_request_head("/api/v1/auth/login", headers))
            sent, answer = _push_body(sock, ATTACK_BODY, chunked)
        assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
        assert b"request_too_large" in answer and b"connection: close" in answer.lower()
        assert sent < ATTACK_BODY / 4, f"the server read {sent} bytes before refusing"

    # 200 slow connections on top: headers one byte at a time.
    with ExitStack() as stack:
        slow = [stack.enter_context(_connect(extranet)) for _ in range(SLOW_CONNECTIONS)]
        for sock in slow:
            sock.sendall(b"POST /api/v1/auth/login HTTP/1.1\r\nContent-Le")
        time.sleep(0.3)
        for sock in slow:
            sock.sendall(b"n")
    peak = _peak_rss(extranet)
    assert peak < PEAK_RSS_LIMIT, f"peak RSS {peak / 1e6:.0f} MB"
    print(f"server peak RSS after the attacks: {peak / 1e6:.0f} MB")


def test_an_early_413_closes_the_connection_instead_of_draining(
    extranet: RunningExtranet,
) -> None:
    """An upload body past ``--max-upload-size`` (or unwanted for any reason) is not drained."""
    declared = 1024 * MIB
    headers = {
        "Tus-Resumable": "1.0.0",
        "Authorization": "Bearer nxa_not-a-token",
        "Upload-Length": str(declared),
        "Content-Type": "application/offset+octet-stream",
        "Content-Length": str(declared),
    }
    with _connect(extranet) as sock:
        sock.sendall(_request_head("/api/v1/uploads/", headers))
        sent, answer = _push_body(sock, declared, chunked=False)
    assert answer.startswith(b"HTTP/1.1 401"), answer[:200]
    assert b"connection: close" in answer.lower()
    assert sent < declared / 4, f"the server drained {sent} bytes"


def test_silent_slow_header_and_slow_body_connections_are_closed(
    extranet: RunningExtranet,
) -> None:
    with ExitStack() as stack:
        silent = stack.enter_context(_connect(extranet))
        slow_header = stack.enter_context(_connect(extranet))
        slow_body = stack.enter_context(_connect(extranet))
        kept_alive = stack.enter_context(_connect(extranet))
        slow_body.sendall(
            _request_head(
                "/api/v1/auth/report-lost",
                {"Content-Type": "application/json", "Content-Length": "1000"},
            )
        )
        kept_alive.sendall(b"GET /api/v1/info HTTP/1.1\r\nHost: x\r\n\r\n")
        deadline = time.monotonic() + HEADER_TIMEOUT + SLACK
        for byte in b"GET /api/v1/info HTTP/1.1\r\nHost: 127.0.0.1\r\n":
            try:
                slow_header.send(bytes([byte]))
                slow_body.send(b" ")
            except OSError:
                break
            if time.monotonic() > deadline:
                break
            time.sleep(0.1)
        for sock, limit in (
            (silent, HEADER_TIMEOUT),
            (slow_header, HEADER_TIMEOUT),
            (slow_body, BODY_TIMEOUT),
            (kept_alive, KEEP_ALIVE),
        ):
            assert _closed_after(sock, limit + SLACK) <= limit + SLACK


def test_connections_past_the_limit_are_refused_with_retry_after(
    extranet: RunningExtranet,
) -> None:
    with ExitStack() as stack:
        held = [stack.enter_context(_connect(extranet)) for _ in range(MAX_CONNECTIONS)]
        time.sleep(0.2)
        with _connect(extranet) as extra:
            answer = _read_answer(extra)
        assert answer.startswith(b"HTTP/1.1 503"), answer[:200]
        assert b"retry-after:" in answer.lower()
        del held
