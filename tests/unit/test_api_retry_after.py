"""A server error's ``Retry-After`` reaches the error the transfer engine backs off on
(``NoomusError.retry_after``, read by ``EngineSettings.backoff``), as a ``429``'s does: a
real loopback HTTP server answers the desktop ``ApiClient`` with ``5xx`` and the header."""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from noomus_desktop.core import api
from noomus_desktop.core.errors import MAX_RETRY_AFTER


class _Answer(BaseHTTPRequestHandler):
    """Answers every GET with the status, code and ``Retry-After`` its path begins with:
    ``/api/v1/<status>/<code>/<Retry-After, "_" for spaces, or "none">/...``."""

    #: Requests seen per path.
    seen: ClassVar[Counter[str]] = Counter()

    def do_GET(self) -> None:
        self.seen[self.path] += 1
        status, code, wait = self.path.split("/")[3:6]
        body = json.dumps({"error": {"code": code, "message": "server words"}}).encode()
        self.send_response(int(status))
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        if wait != "none":
            self.send_header("Retry-After", wait.replace("_", " "))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test reads the answers, not the server's log."""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Answer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def _error(server: str, status: int, code: str, wait: str) -> api.ApiError:
    base = f"{server}/api/v1/{status}/{code}/{wait}"
    with api.ApiClient(base, retries=0) as client, pytest.raises(api.ApiError) as raised:
        client.info()
    return raised.value


@pytest.mark.parametrize(
    ("status", "code", "wait", "expected", "retry_after"),
    [
        (503, "database_unavailable", "10", api.ServerError, 10.0),
        (500, "internal_error", "30", api.ServerError, 30.0),
        (503, "service_suspended", "120", api.ServiceSuspendedError, 120.0),
        (502, "bad_gateway", "Thu,_01_Jan_1970_00:00:00_GMT", api.ServerError, 0.0),
        (503, "database_unavailable", "99999999999", api.ServerError, MAX_RETRY_AFTER),
        (503, "database_unavailable", "soon", api.ServerError, None),
        (503, "database_unavailable", "none", api.ServerError, None),
        (429, "rate_limited", "42", api.RateLimitedError, 42.0),
    ],
)
def test_a_server_errors_retry_after_reaches_the_error(
    server: str,
    status: int,
    code: str,
    wait: str,
    expected: type[api.ApiError],
    retry_after: float | None,
) -> None:
    error = _error(server, status, code, wait)
    assert type(error) is expected
    assert error.status == status and error.transient
    assert error.retry_after == retry_after


@pytest.mark.parametrize(("status", "code"), [(404, "not_found"), (403, "account_locked")])
def test_a_client_errors_retry_after_is_not_a_wait(server: str, status: int, code: str) -> None:
    """Only a 5xx or a ``429`` asks the client to wait: a refusal stays a refusal."""
    assert _error(server, status, code, "60").retry_after is None


@pytest.mark.parametrize(
    ("wait", "requests"),
    [("10", 1), ("none", 3), ("0", 3), ("Thu,_01_Jan_1970_00:00:00_GMT", 3)],
)
def test_a_get_is_not_asked_again_sooner_than_the_server_said(
    server: str, wait: str, requests: int
) -> None:
    """``ApiClient`` retries a failed GET twice after short pauses, unless the server asked
    for a longer wait: then the error goes up at once (the engine's backoff honours it)."""
    base = f"/api/v1/503/database_unavailable/{wait}"
    _Answer.seen.clear()
    with api.ApiClient(server + base, backoff=0.01) as client, pytest.raises(api.ServerError):
        client.info()
    assert sum(n for path, n in _Answer.seen.items() if path.startswith(base + "/")) == requests
