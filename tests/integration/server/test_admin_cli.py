"""The coordinators' and staff's ``noomus-extranet`` commands, against a running server."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.helpers import agecli
from tests.helpers.server import RunningExtranet
from tests.integration.server.conftest import Api, login


def test_keys_generate_writes_a_private_identity_and_registers_only_the_recipient(
    extranet: RunningExtranet, tmp_path: Path
) -> None:
    out = tmp_path / "second.key"
    recipient = extranet.admin("keys", "generate", "--out", str(out)).strip()
    assert recipient.startswith("age1")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    secret = next(line for line in out.read_text().splitlines() if line.startswith("AGE-SECRET"))
    assert recipient in extranet.admin("keys", "list")
    # The identity never reaches the data directory.
    for path in extranet.data_dir.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path
    info = httpx.get(f"{extranet.url}/api/v1/info").json()
    assert info["recipients"] == [extranet.recipient, recipient]
    with pytest.raises(RuntimeError, match="already exists"):
        extranet.admin("keys", "generate", "--out", str(out))


@agecli.requires_age
def test_keys_add_list_remove(extranet: RunningExtranet, tmp_path: Path) -> None:
    recipient = agecli.keygen(tmp_path / "made-elsewhere.key")
    assert extranet.admin("keys", "add", recipient).strip() == recipient
    with pytest.raises(RuntimeError, match="already registered"):
        extranet.admin("keys", "add", recipient)
    with pytest.raises(RuntimeError, match="recipient"):
        extranet.admin("keys", "add", "age1notarecipient")
    extranet.admin("keys", "remove", recipient)
    assert recipient not in extranet.admin("keys", "list")
    with pytest.raises(RuntimeError, match="No such recipient"):
        extranet.admin("keys", "remove", recipient)
    # The last key stays: without one the app could send nothing.
    with pytest.raises(RuntimeError, match="no recipient"):
        extranet.admin("keys", "remove", extranet.recipient)
    assert httpx.get(f"{extranet.url}/api/v1/info").json()["recipients"] == [extranet.recipient]


def test_users_add_prints_a_strong_password_that_works(extranet: RunningExtranet) -> None:
    password = extranet.admin(
        "users", "add", "carol", "--name", "Carol C", "--company", "Acme", "--email", "c@acme.fi"
    ).strip()
    assert len(password) >= 20
    with httpx.Client(base_url=extranet.url) as client:
        response = login(client, "carol", password)
    assert response.status_code == 200
    assert response.json()["user"]["company"] == "Acme"
    listed = extranet.admin("users", "list")
    assert "carol\tactive\tCarol C\tAcme\tc@acme.fi" in listed
    with pytest.raises(RuntimeError, match="already exists"):
        extranet.admin(
            "users",
            "add",
            "carol",
            "--name",
            "x",
            "--company",
            "x",
            "--email",
            "x",
            "--password-stdin",
            stdin="another-password-1\n",
        )


def test_users_add_refuses_weak_passwords_and_bad_ids(extranet: RunningExtranet) -> None:
    with pytest.raises(RuntimeError, match="at least 12"):
        extranet.admin(
            "users",
            "add",
            "dave",
            "--name",
            "D",
            "--company",
            "C",
            "--email",
            "d@x",
            "--password-stdin",
            stdin="short\n",
        )
    with pytest.raises(RuntimeError, match="user ID"):
        extranet.admin("users", "add", "../evil", "--name", "D", "--company", "C", "--email", "e")


def test_sessions_and_reset_password(api: Api) -> None:
    sessions = api.server.admin("users", "sessions", "alice")
    assert "test device" in sessions and "active" in sessions
    new_password = api.server.admin("users", "reset-password", "alice").strip()
    assert "revoked (password reset)" in api.server.admin("users", "sessions", "alice")
    assert api.client.get("/api/v1/me", headers=api.auth).status_code == 401
    assert login(api.client, "alice", new_password).status_code == 200
    assert login(api.client, "alice", api.server.password).status_code == 401


def test_deliveries_list_per_user(api: Api) -> None:
    from tests.integration.server.conftest import fake_ciphertext

    response = api.upload(fake_ciphertext(1000))
    delivery_id = response.headers["Noomus-Delivery-Id"]
    listed = api.server.admin("deliveries", "list")
    assert listed.startswith(
        f"{delivery_id}\talice\t1000\t{response.headers['Noomus-Delivery-Sha256']}"
    )
    assert api.server.admin("deliveries", "list", "--user", "nobody") == ""
    assert delivery_id in api.server.admin("deliveries", "list", "--user", "alice")


def test_unknown_delivery_and_unknown_user_are_clear_errors(extranet: RunningExtranet) -> None:
    with pytest.raises(RuntimeError, match="No delivery 42"):
        extranet.admin(
            "deliveries", "decrypt", "42", "--identity", str(extranet.identity_file), "--out", "x"
        )
    with pytest.raises(RuntimeError, match="No user ghost"):
        extranet.admin("users", "disable", "ghost")


def test_serve_refuses_plain_http_off_loopback(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "noomus_extranet", "--data", str(tmp_path), "serve"]
    refused = subprocess.run(
        [*command, "--host", "0.0.0.0", "--port", "0"], capture_output=True, text=True, timeout=60
    )
    assert refused.returncode == 1
    assert "--tls-cert" in refused.stderr
    half = subprocess.run(
        [*command, "--tls-cert", str(tmp_path / "c.pem")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert half.returncode == 1 and "both" in half.stderr
