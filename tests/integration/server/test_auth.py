"""Sign-in, tokens, profile and lost-password reports against a real server."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx

from tests.helpers.server import RunningExtranet
from tests.integration.server.conftest import Api, login


def error_code(response: httpx.Response) -> str:
    code: str = response.json()["error"]["code"]
    return code


def test_info_lists_recipients_and_uploads_url(extranet: RunningExtranet) -> None:
    info = httpx.get(f"{extranet.url}/api/v1/info").json()
    assert info["recipients"] == [extranet.recipient]
    assert info["uploads_url"] == f"{extranet.url}/api/v1/uploads/"
    assert info["status"] == "ok"
    assert info["max_upload_size"] > 0
    assert set(info["contact"]) == {"email", "phone", "address"}
    assert info["request_account_url"].startswith("https://")


def test_public_url_is_used_for_uploads_url(
    extranet_factory: Callable[..., RunningExtranet],
) -> None:
    server = extranet_factory(public_url="https://extranet.example/")
    info = httpx.get(f"{server.url}/api/v1/info", headers={"Host": "extranet.example"}).json()
    assert info["uploads_url"] == "https://extranet.example/api/v1/uploads/"


def test_login_me_refresh_logout(api: Api) -> None:
    assert api.tokens["token_type"] == "Bearer"
    assert api.tokens["user"] == {
        "username": "alice",
        "name": "Alice Tester",
        "company": "Test Company",
        "email": "alice@example.com",
        "state": "active",
    }
    me = api.client.get("/api/v1/me", headers=api.auth)
    assert me.status_code == 200 and me.json()["username"] == "alice"

    refreshed = api.client.post(
        "/api/v1/auth/refresh", json={"refresh_token": api.tokens["refresh_token"]}
    )
    assert refreshed.status_code == 200
    new = refreshed.json()
    assert new["refresh_token"] != api.tokens["refresh_token"]
    assert api.client.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {new['access_token']}"}
    ).is_success

    out = api.client.post(
        "/api/v1/auth/logout", headers={"Authorization": f"Bearer {new['access_token']}"}
    )
    assert out.status_code == 204
    again = api.client.get("/api/v1/me", headers={"Authorization": f"Bearer {new['access_token']}"})
    assert again.status_code == 401 and error_code(again) == "token_invalid"
    assert again.headers["WWW-Authenticate"].startswith("Bearer")
    dead = api.client.post("/api/v1/auth/refresh", json={"refresh_token": new["refresh_token"]})
    assert error_code(dead) == "refresh_invalid"


def test_reusing_a_refresh_token_revokes_the_session(api: Api) -> None:
    old = api.tokens["refresh_token"]
    first = api.client.post("/api/v1/auth/refresh", json={"refresh_token": old}).json()
    reuse = api.client.post("/api/v1/auth/refresh", json={"refresh_token": old})
    assert reuse.status_code == 401 and error_code(reuse) == "refresh_invalid"
    # The thief's reuse ended the whole device session, the legitimate pair included.
    headers = {"Authorization": f"Bearer {first['access_token']}"}
    assert error_code(api.client.get("/api/v1/me", headers=headers)) == "token_invalid"
    rotated = api.client.post(
        "/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}
    )
    assert error_code(rotated) == "refresh_invalid"


def test_access_token_expires(extranet_factory: Callable[..., RunningExtranet]) -> None:
    server = extranet_factory(access_token_ttl=1)
    with httpx.Client(base_url=server.url) as client:
        tokens = login(client, server.username, server.password).json()
        assert tokens["expires_in"] == 1
        time.sleep(1.2)
        headers = {"Authorization": f"Bearer {tokens['access_token']}"}
        expired = client.get("/api/v1/me", headers=headers)
        assert expired.status_code == 401 and error_code(expired) == "token_expired"
        fresh = client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
        assert fresh.status_code == 200


def test_wrong_password_and_unknown_user_look_the_same(extranet: RunningExtranet) -> None:
    with httpx.Client(base_url=extranet.url) as client:
        wrong = login(client, "alice", "not-the-password")
        unknown = login(client, "nobody-here", "not-the-password")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert error_code(wrong) == "invalid_credentials"


def test_login_timing_does_not_reveal_unknown_users(extranet: RunningExtranet) -> None:
    """Unknown users are checked against a dummy Argon2 hash: same order of time."""
    with httpx.Client(base_url=extranet.url) as client:
        login(client, "warm-up", "x" * 12)

        def median(username: str) -> float:
            times = []
            for _ in range(3):
                started = time.perf_counter()
                login(client, username, "wrong-password-1")
                times.append(time.perf_counter() - started)
            return sorted(times)[1]

        known, unknown = median("alice"), median("nobody")
    # Not a timed assertion on speed: a ratio between two paths measured alike.
    assert 0.3 < unknown / known < 3.0


def test_login_rate_limit_per_username(extranet_factory: Callable[..., RunningExtranet]) -> None:
    server = extranet_factory(login_attempts=3, login_window=60)
    with httpx.Client(base_url=server.url) as client:
        for _ in range(3):
            assert login(client, "alice", "wrong-password").status_code == 401
        limited = login(client, "alice", server.password)
        assert limited.status_code == 429 and error_code(limited) == "rate_limited"
        assert int(limited.headers["Retry-After"]) >= 1
        # Unknown user IDs are limited exactly alike (no enumeration through 429s).
        for _ in range(3):
            login(client, "ghost", "wrong-password")
        assert login(client, "ghost", "wrong-password").status_code == 429


def test_login_rate_limit_per_ip(extranet_factory: Callable[..., RunningExtranet]) -> None:
    server = extranet_factory(login_ip_attempts=4, login_window=60)
    with httpx.Client(base_url=server.url) as client:
        for name in ("u1", "u2", "u3", "u4"):
            assert login(client, name, "wrong-password").status_code == 401
        assert login(client, "alice", server.password).status_code == 429


def test_report_lost_locks_revokes_and_records(api: Api) -> None:
    server = api.server
    body = {"username": "alice", "note": "laptop stolen at the airport"}
    known = api.client.post("/api/v1/auth/report-lost", json=body)
    unknown = api.client.post("/api/v1/auth/report-lost", json={"username": "nobody"})
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert known.json()["status"] == "received"

    me = api.client.get("/api/v1/me", headers=api.auth)
    assert me.status_code == 403 and error_code(me) == "account_locked"
    relogin = login(api.client, "alice", server.password)
    assert relogin.status_code == 403 and error_code(relogin) == "account_locked"
    old_refresh = {"refresh_token": api.tokens["refresh_token"]}
    refresh = api.client.post("/api/v1/auth/refresh", json=old_refresh)
    assert refresh.status_code == 403 and error_code(refresh) == "account_locked"

    incidents = server.admin("incidents", "list")
    assert "alice" in incidents and "127.0.0.1" in incidents and "airport" in incidents
    assert "nobody" not in incidents
    sessions = server.admin("users", "sessions", "alice")
    assert "lost-password report" in sessions

    server.admin("users", "reset-password", "alice", "--password-stdin", stdin="new-password-456\n")
    assert login(api.client, "alice", "new-password-456").status_code == 200
    # Unlocking does not bring the old device sessions back.
    assert error_code(api.client.post("/api/v1/auth/refresh", json=old_refresh)) == (
        "refresh_invalid"
    )
    assert error_code(api.client.get("/api/v1/me", headers=api.auth)) == "token_invalid"


def test_report_lost_is_rate_limited_per_ip(
    extranet_factory: Callable[..., RunningExtranet],
) -> None:
    server = extranet_factory(report_attempts=2, report_window=60)
    with httpx.Client(base_url=server.url) as client:
        for _ in range(2):
            assert client.post("/api/v1/auth/report-lost", json={"username": "x"}).is_success
        limited = client.post("/api/v1/auth/report-lost", json={"username": "alice"})
    assert limited.status_code == 429 and "Retry-After" in limited.headers
    assert "alice\tactive" in server.admin("users", "list")


def test_disabled_account_is_refused_everywhere(api: Api) -> None:
    api.server.admin("users", "disable", "alice")
    me = api.client.get("/api/v1/me", headers=api.auth)
    assert me.status_code == 403 and error_code(me) == "account_disabled"
    again = login(api.client, "alice", api.server.password)
    assert error_code(again) == "account_disabled"
    api.server.admin("users", "enable", "alice")
    assert login(api.client, "alice", api.server.password).status_code == 200


def test_suspension_answers_503_except_info_and_report_lost(api: Api) -> None:
    api.server.admin("service", "suspend")
    info = api.client.get("/api/v1/info")
    assert info.status_code == 200 and info.json()["status"] == "suspended"
    for response in (
        api.client.get("/api/v1/me", headers=api.auth),
        api.client.get("/api/v1/deliveries", headers=api.auth),
        login(api.client, "alice", api.server.password),
        api.client.post("/api/v1/auth/refresh", json={"refresh_token": "x"}),
        api.client.post("/api/v1/uploads/", headers=api.tus(**{"Upload-Length": "100"})),
        api.client.options("/api/v1/uploads/"),
    ):
        assert response.status_code == 503, response.request.url
        assert error_code(response) == "service_suspended"
    report = api.client.post("/api/v1/auth/report-lost", json={"username": "nobody"})
    assert report.status_code == 202
    api.server.admin("service", "resume")
    assert api.client.get("/api/v1/me", headers=api.auth).status_code == 200


def test_json_endpoints_refuse_bad_bodies(extranet: RunningExtranet) -> None:
    with httpx.Client(base_url=extranet.url) as client:
        wrong_type = client.post(
            "/api/v1/auth/login",
            content=b'{"username": "a", "password": "b"}',
            headers={"Content-Type": "text/plain"},
        )
        assert wrong_type.status_code == 415
        assert error_code(wrong_type) == "unsupported_media_type"
        broken = client.post(
            "/api/v1/auth/login", content=b"{not json", headers={"Content-Type": "application/json"}
        )
        assert broken.status_code == 400 and error_code(broken) == "invalid_request"
        huge = client.post("/api/v1/auth/login", json={"username": "a" * 10_000, "password": "b"})
        assert huge.status_code == 400
        assert client.get("/api/v1/nowhere").json()["error"]["code"] == "not_found"
        assert error_code(client.delete("/api/v1/info")) == "method_not_allowed"
        assert error_code(client.get("/api/v1/me", headers={"Authorization": "Basic x"})) == (
            "token_invalid"
        )


def test_access_log_has_the_fields_and_no_secrets(api: Api) -> None:
    api.client.get("/api/v1/me", headers=api.auth)
    log_file = api.server.data_dir / "logs" / "access.log"
    deadline = time.monotonic() + 10
    # The line is written just after the response has gone out.
    while "/api/v1/me" not in log_file.read_text():
        assert time.monotonic() < deadline, "no access log line"
        time.sleep(0.05)
    log = log_file.read_text()
    line = next(line for line in log.splitlines() if "/api/v1/me" in line)
    fields = line.split()
    assert fields[1] == "127.0.0.1" and fields[2] == "GET" and fields[4] == "200"
    assert "out=" in line
    assert str(api.tokens["access_token"]) not in log
    assert api.server.password not in log
