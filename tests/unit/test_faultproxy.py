"""The fault proxy does what the chaos suite relies on: each fault, and nothing when idle."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from tests.helpers.faultproxy import FaultProxy


class _Sink:
    """A TCP server that records every byte it receives and echoes it back."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listener.getsockname()[1]
        self.received = bytearray()
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._echo, args=(conn,), daemon=True).start()

    def _echo(self, conn: socket.socket) -> None:
        with conn:
            while True:
                try:
                    data = conn.recv(65536)
                except OSError:
                    return
                if not data:
                    return
                with self.lock:
                    self.received += data
                try:
                    conn.sendall(data)
                except OSError:
                    return

    def count(self) -> int:
        with self.lock:
            return len(self.received)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length)
        reply = f"{self.command} {len(body)}".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def do_GET(self) -> None:
        self._answer()

    def do_PATCH(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: stderr noise is not part of these tests."""


@pytest.fixture
def sink() -> Iterator[_Sink]:
    server = _Sink()
    yield server
    server.listener.close()


@pytest.fixture
def http_server() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _connect(proxy: FaultProxy) -> socket.socket:
    return socket.create_connection(("127.0.0.1", proxy.port), timeout=5)


def _read_exactly(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        piece = sock.recv(size - len(data))
        if not piece:
            break
        data += piece
    return data


def _closed_by_peer(sock: socket.socket) -> str:
    """``"fin"`` or ``"rst"``: how the proxy ended this connection."""
    try:
        while sock.recv(65536):
            pass
    except ConnectionResetError:
        return "rst"
    return "fin"


def test_forwards_both_ways_untouched(sink: _Sink) -> None:
    payload = bytes(range(256)) * 400
    with FaultProxy(("127.0.0.1", sink.port), http=False) as proxy, _connect(proxy) as sock:
        sock.sendall(payload)
        assert _read_exactly(sock, len(payload)) == payload
        # The counters follow the forwarding: the last piece may be counted a moment later.
        proxy.wait_for(lambda: proxy.bytes_down == len(payload), timeout=5)
        assert proxy.bytes_up == proxy.bytes_down == len(payload)
        assert proxy.connections == 1


@pytest.mark.parametrize(("reset", "ending"), [(False, "fin"), (True, "rst")])
def test_cut_after_forwards_exactly_n_bytes_then_ends(
    sink: _Sink, reset: bool, ending: str
) -> None:
    with FaultProxy(("127.0.0.1", sink.port), http=False) as proxy, _connect(proxy) as sock:
        proxy.cut_after(1000, reset=reset)
        sock.sendall(b"a" * 700)
        assert _read_exactly(sock, 700) == b"a" * 700
        sock.sendall(b"b" * 700)
        assert _closed_by_peer(sock) == ending
        proxy.wait_for(lambda: sink.count() == 1000)
        assert bytes(sink.received) == b"a" * 700 + b"b" * 300
        assert proxy.cuts_done == 1
        # One shot: the next connection is not cut.
        with _connect(proxy) as again:
            again.sendall(b"c" * 2000)
            assert _read_exactly(again, 2000) == b"c" * 2000


def test_reset_connections_sends_rst(sink: _Sink) -> None:
    with FaultProxy(("127.0.0.1", sink.port), http=False) as proxy, _connect(proxy) as sock:
        sock.sendall(b"x")
        assert _read_exactly(sock, 1) == b"x"
        proxy.reset_connections()
        assert _closed_by_peer(sock) == "rst"
        assert proxy.open_connections() == 0


def test_stall_freezes_open_connections_only(sink: _Sink) -> None:
    with FaultProxy(("127.0.0.1", sink.port), http=False) as proxy, _connect(proxy) as stuck:
        stuck.sendall(b"1")
        assert _read_exactly(stuck, 1) == b"1"
        proxy.stall()
        stuck.sendall(b"2")
        stuck.settimeout(0.3)
        with pytest.raises(TimeoutError):
            stuck.recv(1)
        with _connect(proxy) as fresh:  # a new connection goes through
            fresh.sendall(b"3")
            assert _read_exactly(fresh, 1) == b"3"
        assert sink.count() == 2  # "2" never left the proxy
        proxy.unstall()
        stuck.settimeout(5)
        assert _read_exactly(stuck, 1) == b"2"


def test_stall_can_include_new_connections(sink: _Sink) -> None:
    with FaultProxy(("127.0.0.1", sink.port), http=False) as proxy:
        proxy.stall(new_connections=True)
        with _connect(proxy) as sock:
            sock.sendall(b"z")
            sock.settimeout(0.3)
            with pytest.raises(TimeoutError):
                sock.recv(1)
            proxy.unstall()
            sock.settimeout(5)
            assert _read_exactly(sock, 1) == b"z"


def test_latency_and_bandwidth_slow_the_link(sink: _Sink) -> None:
    """Lower bounds only: the faults add at least the delay they promise."""
    with FaultProxy(("127.0.0.1", sink.port), http=False) as proxy, _connect(proxy) as sock:
        proxy.latency = 0.2
        started = time.monotonic()
        sock.sendall(b"p")
        assert _read_exactly(sock, 1) == b"p"
        assert time.monotonic() - started >= 0.4  # once each way
        proxy.latency = 0.0
        proxy.bandwidth = 50_000
        started = time.monotonic()
        sock.sendall(b"q" * 20_000)
        assert _read_exactly(sock, 20_000) == b"q" * 20_000
        assert time.monotonic() - started >= 0.25


def test_http_mode_follows_keep_alive_requests_and_injects_errors(
    http_server: ThreadingHTTPServer,
) -> None:
    with (
        FaultProxy(("127.0.0.1", http_server.server_address[1])) as proxy,
        httpx.Client(base_url=proxy.url) as client,
    ):
        assert client.get("/a").text == "GET 0"
        assert client.patch("/b", content=b"x" * 5000).text == "PATCH 5000"
        proxy.fail_next(2, 503, method="PATCH", retry_after=1)
        assert client.get("/c").status_code == 200  # not a PATCH: untouched
        refused = client.patch("/d", content=b"y" * 3000)
        assert refused.status_code == 503 and refused.headers["Retry-After"] == "1"
        assert client.patch("/e", content=b"y").status_code == 503
        assert client.patch("/f", content=b"z" * 10).text == "PATCH 10"
        assert proxy.failures_sent == 2
        assert [m for m, _ in proxy.requests] == ["GET", "PATCH", "GET", "PATCH", "PATCH", "PATCH"]
        assert [p for _, p in proxy.requests][:2] == ["/a", "/b"]


def test_http_cut_can_target_the_next_patch(http_server: ThreadingHTTPServer) -> None:
    with (
        FaultProxy(("127.0.0.1", http_server.server_address[1])) as proxy,
        httpx.Client(base_url=proxy.url) as client,
    ):
        proxy.cut_after(4000, method="PATCH", reset=True)
        assert client.post("/p", content=b"a" * 10_000).text == "POST 10000"  # not counted
        with pytest.raises(httpx.TransportError):
            client.patch("/q", content=b"b" * 10_000)
        assert proxy.cuts_done == 1
        assert client.patch("/r", content=b"c" * 10).text == "PATCH 10"


def test_lose_next_response_delivers_the_request_but_not_the_answer(
    http_server: ThreadingHTTPServer,
) -> None:
    seen: list[int] = []
    original = _Handler.do_POST

    def recording(handler: _Handler) -> None:
        seen.append(int(handler.headers["Content-Length"]))
        original(handler)

    with (
        pytest.MonkeyPatch.context() as patch,
        FaultProxy(("127.0.0.1", http_server.server_address[1])) as proxy,
        httpx.Client(base_url=proxy.url) as client,
    ):
        patch.setattr(_Handler, "do_POST", recording)
        proxy.lose_next_response("POST")
        assert client.get("/g").text == "GET 0"
        with pytest.raises(httpx.TransportError):
            client.post("/lost", content=b"l" * 777)
        assert seen == [777]  # the server did get it
        assert proxy.responses_lost == 1
        assert client.post("/kept", content=b"k").text == "POST 1"
