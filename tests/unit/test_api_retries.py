"""Retries: only idempotent requests, only transient failures, a bounded number of times.

Uses a real loopback HTTP server that records what reached it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from noomus_desktop.core import api
from tests.helpers.tls import LoopbackServer, Reply

BAD_GATEWAY = Reply(502, {"error": {"code": "bad_gateway", "message": "upstream down"}})


def test_get_is_retried_on_server_errors(loopback_servers: list[LoopbackServer]) -> None:
    server = LoopbackServer({"/api/v1/info": BAD_GATEWAY})
    loopback_servers.append(server)
    client = api.ApiClient(server.url, retries=2, backoff=0.01)
    with client, pytest.raises(api.ServerError) as caught:
        client.info()
    assert caught.value.status == 502 and caught.value.transient
    assert [r.path for r in server.received] == ["/api/v1/info"] * 3


POSTS: dict[str, Callable[[api.ApiClient], object]] = {
    "/api/v1/auth/login": lambda c: c.login("alice", "password", "device"),
    "/api/v1/auth/refresh": lambda c: c.refresh("token"),
    "/api/v1/auth/report-lost": lambda c: c.report_lost("alice"),
}


@pytest.mark.parametrize("path", list(POSTS))
def test_posts_are_sent_once(loopback_servers: list[LoopbackServer], path: str) -> None:
    server = LoopbackServer({path: BAD_GATEWAY})
    loopback_servers.append(server)
    client = api.ApiClient(server.url, retries=5, backoff=0.01)
    with client, pytest.raises(api.ServerError):
        POSTS[path](client)
    assert len(server.received) == 1


def test_permanent_errors_are_not_retried(loopback_servers: list[LoopbackServer]) -> None:
    server = LoopbackServer(
        {"/api/v1/info": Reply(404, {"error": {"code": "not_found", "message": "no"}})}
    )
    loopback_servers.append(server)
    client = api.ApiClient(server.url, retries=5, backoff=0.01)
    with client, pytest.raises(api.NotFoundError):
        client.info()
    assert len(server.received) == 1


def test_suspended_service_is_not_hammered(loopback_servers: list[LoopbackServer]) -> None:
    server = LoopbackServer(
        {
            "/api/v1/info": Reply(
                503, {"error": {"code": "service_suspended", "message": "suspended"}}
            )
        }
    )
    loopback_servers.append(server)
    client = api.ApiClient(server.url, retries=5, backoff=0.01)
    with client, pytest.raises(api.ServiceSuspendedError):
        client.info()
    assert len(server.received) == 1
