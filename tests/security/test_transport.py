"""Transport policy where the API client's own tests (tests/integration/test_tls_policy.py)
do not reach: the uploader's requests and the ``noomus-upload`` command.

- A creation answer whose ``Location`` points at another host is a redirect in all but name:
  the bearer token must not follow it.
- ``noomus-upload`` refuses plain ``http://`` off this machine before sending anything, and
  refuses an untrusted certificate with a clear sentence and the "blocked" exit code.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from noomus_desktop.core.auth import StaticHeaders
from noomus_desktop.core.tus import TusClient, TusError
from noomus_desktop.messages import error_text
from tests.helpers.chaos import UploadCli
from tests.helpers.tls import LoopbackServer, Pki, Reply

TOKEN = "Bearer transport-test-secret"


class _Recorder(ThreadingHTTPServer):
    """A tus-ish server on loopback recording the Authorization header of every request."""

    def __init__(self, location: str = "") -> None:
        self.location = location
        self.seen: list[tuple[str, str | None]] = []
        super().__init__(("127.0.0.1", 0), _TusHandler)
        self.daemon_threads = True

    @property
    def port(self) -> int:
        return int(self.server_address[1])


class _TusHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Recorder

    def _answer(self, status: int, headers: dict[str, str]) -> None:
        self.server.seen.append((self.command, self.headers.get("Authorization")))
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.send_response(status)
        for name, value in {"Tus-Resumable": "1.0.0", "Content-Length": "0", **headers}.items():
            self.send_header(name, value)
        self.end_headers()

    def do_OPTIONS(self) -> None:
        self._answer(204, {"Tus-Version": "1.0.0", "Tus-Extension": "creation"})

    def do_POST(self) -> None:
        self._answer(201, {"Location": self.server.location, "Upload-Offset": "0"})

    def do_HEAD(self) -> None:
        self._answer(200, {"Upload-Offset": "0", "Upload-Length": "10"})

    def do_PATCH(self) -> None:
        self._answer(204, {"Upload-Offset": "10"})

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the requests are recorded in ``seen``."""


@pytest.fixture
def recorders() -> Iterator[list[_Recorder]]:
    started: list[_Recorder] = []
    yield started
    for server in started:
        server.shutdown()
        server.server_close()


def _start(recorders: list[_Recorder], location: str = "") -> _Recorder:
    server = _Recorder(location)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    recorders.append(server)
    return server


def test_creation_location_on_another_host_gets_no_token(recorders: list[_Recorder]) -> None:
    elsewhere = _start(recorders)
    origin = _start(recorders, f"http://localhost:{elsewhere.port}/steal/1")
    endpoint = f"http://127.0.0.1:{origin.port}/files/"
    with httpx.Client(timeout=10, follow_redirects=False) as http:
        client = TusClient(http, StaticHeaders({"Authorization": TOKEN}))
        upload = None
        try:
            upload = client.create(endpoint, 10, {})
            client.head(upload.url)
        except TusError:
            pass  # refusing the foreign Location outright is a fine answer too
    assert [auth for _, auth in origin.seen if auth] != []
    leaked = [method for method, auth in elsewhere.seen if auth == TOKEN]
    assert leaked == [], f"the token went to another host with {leaked}"


def test_cli_refuses_plain_http_off_loopback_before_sending(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Even through an HTTP proxy that would happily carry it: nothing reaches the proxy."""
    proxy = LoopbackServer({})
    try:
        for name in ("NO_PROXY", "no_proxy"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        monkeypatch.setenv("http_proxy", proxy.url)
        client = UploadCli("http://extranet.example")
        result = client.run("login", "--username", "alice", "--password-stdin", stdin="pw\n")
        assert result.returncode != 0
        assert "must start with https://" in result.stderr
        assert proxy.received == []
    finally:
        proxy.close()


@pytest.mark.parametrize("which", ["self_signed", "expired", "wrong_host"])
def test_cli_refuses_untrusted_certificates_in_plain_words(pki: Pki, which: str) -> None:
    server = LoopbackServer({"/api/v1/info": Reply(200, {})}, tls=getattr(pki, which))
    try:
        # The CA is trusted for "expired" and "wrong_host": the certificate itself is wrong.
        trust = {} if which == "self_signed" else {"NOOMUS_CA_BUNDLE": str(pki.ca_cert)}
        result = UploadCli(server.url).run(
            "login", "--username", "alice", "--password-stdin", stdin="pw\n", extra_env=trust
        )
        assert result.returncode == 4, result.stderr
        # The window's sentence for the code (the CLI speaks through the same message codes).
        assert error_text("tls_error") in result.stderr
        assert "CERTIFICATE_VERIFY_FAILED" not in result.stderr
        assert server.received == []
    finally:
        server.close()
