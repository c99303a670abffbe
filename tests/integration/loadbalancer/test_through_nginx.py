"""The real client through the committed nginx config into three processes on one data root:
sign-in and uploads work and are spread over the processes, the processes see the client's
address (from nginx's X-Forwarded-For, never the client's own), and upload bodies stream."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
from keyring.backends import SecretService

from noomus_desktop.cli import EXIT_OK
from noomus_extranet.tus.cutter import BLOCK
from tests.helpers import agecli
from tests.helpers.nginx import requires_nginx
from tests.helpers.proc import run_cli
from tests.integration.loadbalancer.conftest import Balanced, cli_sign_in
from tests.integration.server.conftest import OFFSET_TYPE, TUS, fake_ciphertext, login
from tests.integration.test_cli_truth import KEYRING_ENV

pytestmark = [agecli.requires_age, requires_nginx]

MIB = 1024 * 1024
FILES = 6


def test_sign_in_and_uploads_through_nginx_are_spread_over_the_processes(
    balanced: Balanced, secret_keyring: SecretService.Keyring, tmp_path: Path
) -> None:
    server = balanced.first
    common = cli_sign_in(balanced)
    originals = set()
    for index in range(FILES):
        data = os.urandom(200_000 + index)
        (tmp_path / f"file-{index}.bin").write_bytes(data)
        originals.add(hashlib.sha256(data).hexdigest())
    sent = run_cli([*common, "send", str(tmp_path)], env=KEYRING_ENV)
    assert sent.returncode == EXIT_OK, sent.stderr

    stored = sorted(server.data_dir.glob("inbox/*/*.age"))
    delivered = {
        hashlib.sha256(agecli.decrypt(p.read_bytes(), server.identity_file)).hexdigest()
        for p in stored
    }
    assert len(stored) == FILES and delivered == originals
    # Spread: each process's own access lines; the uploads' requests went to several of them.
    patches = balanced.served("PATCH", "/api/v1/uploads/", at_least=FILES)
    assert len({m.port for m, _ in patches}) >= 2, patches
    # Every line names the client (127.0.0.1), none nginx's own address (127.0.0.2).
    clients = {line.client for m in balanced.members for line in m.requests()}
    assert clients == {"127.0.0.1"}, clients


def test_the_processes_record_the_address_nginx_saw_not_one_the_client_claims(
    balanced: Balanced,
) -> None:
    """From 127.0.0.3 with a forged X-Forwarded-For: the session and the lost-password
    incident, each written by whichever process took the request, say 127.0.0.3."""
    forged = {"X-Forwarded-For": "203.0.113.7"}
    transport = httpx.HTTPTransport(local_address="127.0.0.3")
    with httpx.Client(base_url=balanced.url, transport=transport, headers=forged) as client:
        signed_in = login(client, balanced.first.username, balanced.first.password)
        assert signed_in.status_code == 200, signed_in.text
        reported = client.post("/api/v1/auth/report-lost", json={"username": "alice"})
        assert reported.status_code == 202, reported.text
    sessions = balanced.first.admin("users", "sessions", "alice")
    incidents = balanced.first.admin("incidents", "list")
    for listing in (sessions, incidents):
        assert "127.0.0.3" in listing and "203.0.113.7" not in listing, listing
        assert "127.0.0.2" not in listing, listing


def test_an_upload_body_streams_through_nginx_to_the_process(balanced: Balanced) -> None:
    """The process has stored bytes of a PATCH while the client is still sending it: nginx does
    not buffer the body first (proxy_request_buffering off), so the server's offsets are the
    client's progress."""
    first = BLOCK + MIB
    data = fake_ciphertext(3 * BLOCK)
    server = balanced.first
    with httpx.Client(base_url=balanced.url, timeout=60) as client:
        token = login(client, server.username, server.password).json()["access_token"]
        auth = {**TUS, "Authorization": f"Bearer {token}"}
        created = client.post("/api/v1/uploads/", headers={**auth, "Upload-Length": str(len(data))})
        assert created.status_code == 201, created.text
        part = server.data_dir / "uploads" / f"{created.headers['Location'].rsplit('/', 1)[1]}.part"
        seen_while_sending: list[int] = []

        def body() -> Iterator[bytes]:
            yield data[:first]
            # More than one of the server's write blocks is out; the rest waits until the
            # process shows what it stored (or 10 s: a buffering proxy passes nothing on
            # before the end).
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and part.stat().st_size == 0:
                time.sleep(0.05)
            seen_while_sending.append(part.stat().st_size)
            yield data[first:]

        done = client.patch(
            created.headers["Location"],
            headers={**auth, "Upload-Offset": "0", **OFFSET_TYPE},
            content=body(),
        )
    assert done.status_code == 204, done.text
    assert seen_while_sending and seen_while_sending[0] > 0
