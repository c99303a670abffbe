"""A database that takes no writes (``25006 read_only_sql_transaction``: the URL now leads to a
standby, or ``default_transaction_read_only`` is on) is an outage of the writable database for
a customer: a write answers ``503 database_unavailable`` with ``Retry-After``, not ``500``,
the desktop client's error carries that wait into its backoff, health says degraded, the log
says so once; and the server recovers by itself once the database takes writes again."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx
import psycopg
import pytest

from noomus_desktop.core import api
from noomus_desktop.core.errors import ServerError
from tests.helpers.postgres import PASSWORD, cluster
from tests.helpers.server import RunningExtranet


def _read_only(url: str, on: bool) -> None:
    """``default_transaction_read_only`` of ``url``'s database, for new sessions; then every
    session ended, as a failover to a standby ends them."""
    dbname = url.rsplit("/", 1)[1]
    change = (
        "SET default_transaction_read_only = on" if on else "RESET default_transaction_read_only"
    )
    with psycopg.connect(cluster().admin_conninfo(), autocommit=True) as admin:
        admin.execute(f"ALTER DATABASE {dbname} {change}")
    cluster().end_connections(url)


def _login(server: RunningExtranet) -> httpx.Response:
    return httpx.post(
        f"{server.url}/api/v1/auth/login",
        json={"username": server.username, "password": server.password, "device_name": "lap"},
        timeout=30,
    )


def _wait_for_health(server: RunningExtranet, status: int) -> None:
    deadline = time.monotonic() + 15
    while httpx.get(f"{server.url}/api/v1/health", timeout=10).status_code != status:
        assert time.monotonic() < deadline, f"the health check never answered {status}"
        time.sleep(0.5)


def test_a_read_only_database_answers_503_with_retry_after_and_recovers(
    extranet_factory: Callable[..., RunningExtranet],
) -> None:
    server: RunningExtranet = extranet_factory(database="postgresql")
    assert server.database is not None
    assert _login(server).status_code == 200
    _read_only(server.database, on=True)
    try:
        for _ in range(5):  # a sign-in writes a session
            refused = _login(server)
            assert refused.status_code == 503, refused.text
            assert refused.headers["Retry-After"] == "10"
            assert refused.json()["error"]["code"] == "database_unavailable"
        with api.ApiClient(server.url, retries=0) as desktop, pytest.raises(ServerError) as error:
            desktop.login(server.username, server.password, "desktop")
        assert error.value.transient and error.value.status == 503
        assert error.value.retry_after == 10
        _wait_for_health(server, 503)
    finally:
        _read_only(server.database, on=False)
    _wait_for_health(server, 200)
    assert _login(server).status_code == 200
    server.stop()
    log = server.log_file.read_text(errors="replace")
    assert log.count("cannot be used") == 1, log[-3000:]
    assert "read-only transaction" in log and PASSWORD not in log
    assert "Traceback" not in log, log[log.find("Traceback") - 300 :][:3000]
