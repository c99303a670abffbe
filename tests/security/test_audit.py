"""The audit log: the events the policy asks for, as JSON lines, 0600, and no secret in it."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable

import httpx
import pytest

from noomus_desktop.core.crypto import generate_identity
from tests.helpers.server import RunningExtranet

TUS = {"Tus-Resumable": "1.0.0"}


@pytest.fixture(scope="module")
def extranet(module_extranet_factory: Callable[..., RunningExtranet]) -> RunningExtranet:
    return module_extranet_factory(quota_uploads=1)


def test_security_events_are_audited_without_secrets(extranet: RunningExtranet) -> None:
    bob_password, new_password = "bob-password-123", "new-password-456"
    extranet.add_user("bob", bob_password)
    secrets: list[str] = [extranet.password, bob_password, new_password, "wrong-password-1"]
    with httpx.Client(base_url=extranet.url, timeout=30) as client:

        def login(username: str, password: str) -> httpx.Response:
            body = {"username": username, "password": password, "device_name": "Bob's laptop"}
            return client.post("/api/v1/auth/login", json=body)

        assert login("nobody", "wrong-password-1").status_code == 401
        assert login("bob", "wrong-password-1").status_code == 401
        tokens = login("bob", bob_password).json()
        rotated = client.post(
            "/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
        )
        reused = client.post(
            "/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
        )
        assert reused.status_code == 401
        alice = login("alice", extranet.password).json()
        auth = {"Authorization": f"Bearer {alice['access_token']}"}
        for expected in (201, 507):
            created = client.post(
                "/api/v1/uploads/", headers={**TUS, **auth, "Upload-Length": "64"}
            )
            assert created.status_code == expected
        assert client.post("/api/v1/auth/logout", headers=auth).status_code == 204
        note = "laptop stolen, it had sticky note hunter2-extra-secret"
        client.post("/api/v1/auth/report-lost", json={"username": "Bob", "note": note})
        secrets += [note, "hunter2-extra-secret"]
        for pair in (tokens, rotated.json(), alice):
            secrets += [pair["access_token"], pair["refresh_token"], pair["device_token"] or ""]
    extranet.admin("users", "disable", "alice")
    extranet.admin("users", "enable", "alice")
    extranet.admin("users", "reset-password", "bob", "--password-stdin", stdin=new_password + "\n")
    extranet.admin("users", "set-quota", "bob", "--max-uploads", "5")
    extranet.admin("keys", "add", str(generate_identity().recipient()))
    extranet.admin("service", "suspend")
    extranet.admin("service", "resume")

    path = extranet.data_dir / "logs" / "audit.log"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    events = [json.loads(line) for line in text.splitlines()]
    kinds = {e["event"] for e in events}
    assert {
        "sign_in",
        "sign_in_refused",
        "refresh_token_reused",
        "upload_refused",
        "sign_out",
        "report_lost",
        "account_disabled",
        "account_enabled",
        "password_reset",
        "quota_set",
        "key_added",
        "service_suspended",
        "service_resumed",
        "admin_command",
    } <= kinds
    refused = [e for e in events if e["event"] == "sign_in_refused"]
    assert [(e["user"], e["code"]) for e in refused] == [
        (None, "invalid_credentials"),
        ("bob", "invalid_credentials"),
    ]
    assert all(e["ip"] == "127.0.0.1" for e in refused)
    commands = [e for e in events if e["event"] == "admin_command"]
    assert len(commands) == 7 and all(e["os_user"] and e["result"] == "ok" for e in commands)
    for secret in filter(None, secrets):
        assert secret not in text, "a secret reached the audit log"
