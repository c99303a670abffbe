"""A fault-injecting TCP proxy for tests: the network misbehaving on purpose, on command.

Put it between a client and a real server (``FaultProxy(("127.0.0.1", port))``, then point the
client at ``proxy.url``) and change its behaviour at runtime from the test:

- ``latency`` (seconds added to every forwarded piece) and ``bandwidth`` (bytes per second per
  direction, shared by all connections, like one link);
- ``cut_after(n)``: after ``n`` more bytes from the client, close every connection (FIN), or
  reset them (``reset=True``: RST through ``SO_LINGER`` 0); ``method="PATCH"`` counts only
  bytes of a connection once a PATCH request began on it;
- ``stall()``: the connections open now stop forwarding (a half-dead link); new ones work;
- ``reset_connections()``: RST every open connection at once;
- ``outage()`` / ``heal()``: the link is down (every open connection and every new one is
  reset at once, as a dead route would) until healed;
- ``fail_next(count, status=503)``: in HTTP mode, the next ``count`` matching requests get a
  canned error response (their body read first, as a load balancer would) and the
  connection closes;
- ``lose_next_response(method, path)``: in HTTP mode, the next matching request reaches the server
  whole, but its response never reaches the client (the connection is reset instead);
- ``recording = True``: in HTTP mode, every PATCH body (and POST body: creation-with-upload, at
  offset 0) is kept in ``bodies`` with its path and ``Upload-Offset``, as read from the
  client: bytes that left the client, whether or not the server ever got them (a body
  dropped by a fault or a stall is still recorded).

HTTP mode (the default) follows request boundaries on keep-alive connections from
``Content-Length``; a chunked request body switches that connection to plain forwarding.
Threads, not asyncio, so a synchronous test can steer it without an event loop.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType

_READ_SIZE = 64 * 1024
_MAX_HEAD = 64 * 1024
_REASONS = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}


class _ClosedError(Exception):
    """The connection was closed (by a peer or by a fault) while forwarding."""


@dataclass
class _Cut:
    remaining: int
    reset: bool
    method: str | None
    target: _Connection | None = None


@dataclass
class _Failure:
    count: int
    status: int
    method: str | None
    retry_after: int | None


@dataclass
class RecordedBody:
    """One PATCH or POST body as it left the client (``recording``)."""

    path: str
    offset: int
    data: bytearray = field(default_factory=bytearray)


@dataclass
class _Connection:
    client: socket.socket
    server: socket.socket
    stalled: bool = False
    closed: bool = False
    methods: list[str] = field(default_factory=list)
    #: The server's answer to the request in flight is to be thrown away (with an RST).
    lose_response: bool = False


def _reset(sock: socket.socket) -> None:
    """Close with an RST instead of a FIN (SHUT_RD wakes a thread blocked in recv)."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.shutdown(socket.SHUT_RD)
    sock.close()


class FaultProxy:
    """Forwards ``127.0.0.1:<port>`` to ``target``; see the module docstring for the faults."""

    def __init__(self, target: tuple[str, int], *, http: bool = True) -> None:
        self.target = target
        self.http = http
        self.latency = 0.0
        self.bandwidth: int | None = None
        self.bytes_up = 0
        self.bytes_down = 0
        self.connections = 0
        #: ``(method, path)`` of every request head seen (HTTP mode), in order.
        self.requests: list[tuple[str, str]] = []
        #: Canned responses sent by ``fail_next``.
        self.failures_sent = 0
        self.cuts_done = 0
        self._lock = threading.Condition()
        self._open: list[_Connection] = []
        #: Every connection ever made, so ``close`` can close each socket whatever raced.
        self._every: list[_Connection] = []
        self._cut: _Cut | None = None
        self._failure: _Failure | None = None
        self._stall_new = False
        self._down = False
        self._lose: tuple[str, str] | None = None
        self.responses_lost = 0
        self.recording = False
        #: PATCH and POST bodies seen while ``recording``, in order.
        self.bodies: list[RecordedBody] = []
        self._buckets = {"up": [0.0, time.monotonic()], "down": [0.0, time.monotonic()]}
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._threads: list[threading.Thread] = []
        self._running = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- life cycle ----------------------------------------------------------------------

    def start(self) -> FaultProxy:
        self._running = True
        self._spawn(self._accept_loop)
        return self

    def close(self) -> None:
        """Stop accepting, drop every connection, join the threads."""
        self._running = False
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        self.reset_connections()
        with self._lock:
            self._stall_new = False
            self._lock.notify_all()
        for thread in list(self._threads):
            thread.join(timeout=5)
        with self._lock:
            every, self._every = self._every, []
        for conn in every:
            conn.client.close()
            conn.server.close()

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- faults, steered from the test ---------------------------------------------------

    def cut_after(self, count: int, *, reset: bool = False, method: str | None = None) -> None:
        """One shot: after ``count`` more client bytes, close (or reset) every connection."""
        with self._lock:
            self._cut = _Cut(count, reset, method)

    def stall(self, *, new_connections: bool = False) -> None:
        """Stop forwarding on every open connection (and on new ones if asked)."""
        with self._lock:
            for conn in self._open:
                conn.stalled = True
            self._stall_new = new_connections

    def unstall(self) -> None:
        """Let every stalled connection (still open) and new ones forward again."""
        with self._lock:
            for conn in self._open:
                conn.stalled = False
            self._stall_new = False
            self._lock.notify_all()

    def reset_connections(self) -> None:
        """RST every open connection now."""
        with self._lock:
            victims, self._open = self._open, []
            self._lock.notify_all()
        for conn in victims:
            self._drop(conn, reset=True)

    def outage(self) -> None:
        """The link goes down: open connections are reset, new ones reset on arrival."""
        with self._lock:
            self._down = True
        self.reset_connections()

    def heal(self) -> None:
        """The link is back after an ``outage``."""
        with self._lock:
            self._down = False

    def fail_next(
        self,
        count: int,
        status: int = 503,
        *,
        method: str | None = None,
        retry_after: int | None = None,
    ) -> None:
        """Answer the next ``count`` requests (of ``method`` if given) with ``status``."""
        if not self.http:
            raise ValueError("fail_next needs HTTP mode")
        with self._lock:  # ``fail_next(0)`` stops a series still going
            self._failure = _Failure(count, status, method, retry_after) if count > 0 else None

    def lose_next_response(self, method: str, path: str = "") -> None:
        """Let the next ``method`` request (to a path starting with ``path``) through, then
        reset the connection instead of passing the answer on."""
        if not self.http:
            raise ValueError("lose_next_response needs HTTP mode")
        with self._lock:
            self._lose = (method, path)

    def wait_for(self, condition: Callable[[], bool], timeout: float = 20.0) -> None:
        """Block until ``condition()`` holds (checked at every forwarded piece)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while not condition():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("the proxy never saw the expected traffic")
                self._lock.wait(min(left, 0.1))

    def open_connections(self) -> int:
        with self._lock:
            return len(self._open)

    # -- machinery -----------------------------------------------------------------------

    def _spawn(self, target: Callable[..., None], *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()]
        self._threads.append(thread)
        thread.start()

    def _accept_loop(self) -> None:
        while self._running:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                down = self._down
            if down:
                _reset(client)
                continue
            try:
                server = socket.create_connection(self.target, timeout=10)
            except OSError:
                _reset(client)
                continue
            conn = _Connection(client, server)
            if not self._admit(conn):
                client.close()
                server.close()
                return
            with contextlib.suppress(OSError):
                server.settimeout(None)
                for sock in (client, server):
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            upstream = self._http_upstream if self.http else self._raw_upstream
            self._spawn(self._pump, conn, upstream)
            self._spawn(self._pump, conn, self._downstream)

    def _admit(self, conn: _Connection) -> bool:
        """Register a new connection, unless ``close`` has begun (then the caller drops it)."""
        with self._lock:
            if not self._running:
                return False
            self._every.append(conn)
            conn.stalled = self._stall_new
            self._open.append(conn)
            self.connections += 1
            self._lock.notify_all()
            return True

    def _pump(self, conn: _Connection, loop: Callable[[_Connection], None]) -> None:
        with contextlib.suppress(_ClosedError, OSError):
            loop(conn)
        self._drop(conn, reset=False)

    def _drop(self, conn: _Connection, reset: bool) -> None:
        with self._lock:
            if conn in self._open:
                self._open.remove(conn)
            already, conn.closed = conn.closed, True
            self._lock.notify_all()
        if already and not reset:
            return
        for sock in (conn.client, conn.server):
            if reset:
                _reset(sock)
            else:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

    @staticmethod
    def _recv(sock: socket.socket) -> bytes:
        data = sock.recv(_READ_SIZE)
        if not data:
            raise _ClosedError
        return data

    def _raw_upstream(self, conn: _Connection) -> None:
        while True:
            self._forward(conn, "up", self._recv(conn.client))

    def _downstream(self, conn: _Connection) -> None:
        while True:
            data = self._recv(conn.server)
            if conn.lose_response:
                with self._lock:
                    self.responses_lost += 1
                self._drop(conn, reset=True)
                raise _ClosedError
            self._forward(conn, "down", data)

    def _http_upstream(self, conn: _Connection) -> None:
        buffer = b""
        while True:
            while b"\r\n\r\n" not in buffer:
                if len(buffer) > _MAX_HEAD:
                    raise _ClosedError
                buffer += self._recv(conn.client)
            head, _, buffer = buffer.partition(b"\r\n\r\n")
            head += b"\r\n\r\n"
            method, path, length, chunked = _parse_head(head)
            with self._lock:
                self.requests.append((method, path))
                conn.methods.append(method)
                failure = self._take_failure(method)
                if self._lose and self._lose[0] == method and path.startswith(self._lose[1]):
                    self._lose, conn.lose_response = None, True
            if failure is not None:
                self._drain(conn, buffer, length)
                self._answer(conn, failure)
                raise _ClosedError
            if chunked:  # boundaries unknown from here on: plain forwarding
                self._forward(conn, "up", head + buffer)
                return self._raw_upstream(conn)
            record = self._recorded(method, path, head)
            self._forward(conn, "up", head)
            body, buffer = buffer[:length], buffer[length:]
            if body:
                record.data += body
                self._forward(conn, "up", body)
            left = length - len(body)
            while left > 0:
                data = self._recv(conn.client)
                body, buffer = data[:left], data[left:]
                record.data += body
                self._forward(conn, "up", body)
                left -= len(body)

    def _recorded(self, method: str, path: str, head: bytes) -> RecordedBody:
        """Where to keep this request's body: in ``bodies`` for a recorded PATCH or POST."""
        record = RecordedBody(path, int(_header(head, "upload-offset") or 0))
        if self.recording and method in ("PATCH", "POST"):
            with self._lock:
                self.bodies.append(record)
        return record

    def _take_failure(self, method: str) -> _Failure | None:
        failure = self._failure
        if failure is None or (failure.method and failure.method != method):
            return None
        failure.count -= 1
        if failure.count <= 0:
            self._failure = None
        self.failures_sent += 1
        return failure

    def _drain(self, conn: _Connection, buffered: bytes, length: int) -> None:
        left = length - len(buffered)
        while left > 0:
            left -= len(self._recv(conn.client))

    @staticmethod
    def _answer(conn: _Connection, failure: _Failure) -> None:
        body = b'{"error": {"code": "injected", "message": "Injected by the fault proxy."}}'
        lines = [
            f"HTTP/1.1 {failure.status} {_REASONS.get(failure.status, 'Error')}",
            "Content-Type: application/json",
            f"Content-Length: {len(body)}",
            "Connection: close",
        ]
        if failure.retry_after is not None:
            lines.append(f"Retry-After: {failure.retry_after}")
        conn.client.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body)

    def _forward(self, conn: _Connection, direction: str, data: bytes) -> None:
        """Send ``data`` on, applying stall, latency, bandwidth and a pending cut."""
        destination = conn.server if direction == "up" else conn.client
        while data:
            with self._lock:
                while conn.stalled and not conn.closed:
                    self._lock.wait(0.1)
                if conn.closed:
                    raise _ClosedError
                piece, cut = self._cut_piece(conn, direction, data)
            if self.latency:
                time.sleep(self.latency)
            piece = piece[: self._allowance(direction, len(piece))]
            destination.sendall(piece)
            with self._lock:
                if direction == "up":
                    self.bytes_up += len(piece)
                else:
                    self.bytes_down += len(piece)
                if cut is not None:
                    cut.remaining -= len(piece)
                    cut_now = cut.remaining <= 0
                else:
                    cut_now = False
                self._lock.notify_all()
            data = data[len(piece) :]
            if cut_now and cut is not None:
                self._fire(cut)
                raise _ClosedError

    def _cut_piece(
        self, conn: _Connection, direction: str, data: bytes
    ) -> tuple[bytes, _Cut | None]:
        """The part of ``data`` to send before the armed cut fires (lock held)."""
        cut = self._cut
        if cut is None or direction != "up":
            return data, None
        if cut.method is not None:
            if cut.target is None and conn.methods and conn.methods[-1] == cut.method:
                cut.target = conn
            if cut.target is not conn:
                return data, None
        return data[: max(cut.remaining, 0)] if cut.remaining < len(data) else data, cut

    def _fire(self, cut: _Cut) -> None:
        with self._lock:
            if self._cut is not cut:
                return
            self._cut = None
            self.cuts_done += 1
            victims, self._open = self._open, []
            self._lock.notify_all()
        for conn in victims:
            self._drop(conn, reset=cut.reset)

    def _allowance(self, direction: str, wanted: int) -> int:
        """Token bucket per direction: wait until some bytes may go, return how many."""
        rate = self.bandwidth
        if rate is None or wanted == 0:
            return wanted
        while True:
            with self._lock:
                bucket = self._buckets[direction]
                now = time.monotonic()
                bucket[0] = min(max(rate / 10, 1.0), bucket[0] + (now - bucket[1]) * rate)
                bucket[1] = now
                if bucket[0] >= 1:
                    grant = min(wanted, int(bucket[0]))
                    bucket[0] -= grant
                    return grant
                need = (1 - bucket[0]) / rate
            time.sleep(min(max(need, 0.001), 0.1))


def _parse_head(head: bytes) -> tuple[str, str, int, bool]:
    """Method, path, Content-Length and whether the body is chunked, from a request head."""
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    method, path = (parts[0], parts[1]) if len(parts) >= 2 else (parts[0], "")
    length, chunked = 0, False
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value.strip() or 0)
        elif name == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    return method, path, length, chunked


def _header(head: bytes, wanted: str) -> str | None:
    """The value of header ``wanted`` (lower case) in a request head, if present."""
    for line in head.decode("latin-1").split("\r\n")[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == wanted:
            return value.strip()
    return None
