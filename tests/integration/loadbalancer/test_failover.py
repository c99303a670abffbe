"""When a process dies or an account is locked, through the committed nginx config into three
processes on one data root: the client's upload resumes on another process and is delivered
once, byte-identical; a lost-password report taken by one process stops the upload another is
receiving; a dead process is skipped and the service keeps answering."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from keyring.backends import SecretService

from noomus_desktop.cli import EXIT_OK
from noomus_extranet.tus.cutter import BLOCK
from tests.helpers import agecli, nginx
from tests.helpers.nginx import requires_nginx
from tests.helpers.proc import background_cli
from tests.integration.loadbalancer.conftest import PROCESSES, Balanced, Member, cli_sign_in
from tests.integration.server.conftest import OFFSET_TYPE, TUS, fake_ciphertext, login
from tests.integration.test_cli_truth import KEYRING_ENV

pytestmark = [agecli.requires_age, requires_nginx]

MIB = 1024 * 1024


def _wait_for_receiver(balanced: Balanced, at_least: int) -> tuple[Member, Path]:
    """The process receiving an upload, once its ``.part`` file holds ``at_least`` bytes."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = balanced.receiving()
        if found is not None and found[1].exists() and found[1].stat().st_size >= at_least:
            return found
        time.sleep(0.01)
    raise AssertionError("no process received the upload")


@contextmanager
def _sending(
    balanced: Balanced, tmp_path: Path, size: int
) -> Iterator[tuple[subprocess.Popen[bytes], Path, bytes]]:
    """``noomus-upload send`` of ``size`` random bytes through nginx, in the background; yields
    the process, its log and the bytes. On exit: the one delivery decrypts to them."""
    data = os.urandom(size)
    source = tmp_path / "large.bin"
    source.write_bytes(data)
    common = cli_sign_in(balanced)
    log = tmp_path / "send.log"
    with background_cli([*common, "send", str(source)], log, env=KEYRING_ENV) as sender:
        yield sender, log, data
        sender.wait(timeout=120)
        assert sender.returncode == EXIT_OK, log.read_text()
    delivered = sorted(balanced.first.data_dir.glob("inbox/*/*.age"))
    assert len(delivered) == 1, delivered
    assert agecli.decrypt(delivered[0].read_bytes(), balanced.first.identity_file) == data


def test_a_process_killed_mid_upload_the_client_resumes_on_another_exactly_once(
    throttled: Balanced, secret_keyring: SecretService.Keyring, tmp_path: Path
) -> None:
    with _sending(throttled, tmp_path, 24 * MIB):  # 6 s at the links' 4 MiB/s
        victim, _part = _wait_for_receiver(throttled, 2 * BLOCK)
        victim.kill()  # SIGKILL, in the middle of the PATCH
    # Finished by a survivor (the victim never logged its PATCH: it died in it).
    patches = throttled.served("PATCH", "/api/v1/uploads/", at_least=1)
    finished = [(m.port, line) for m, line in patches if line.status == "204"]
    assert len(finished) == 1 and finished[0][0] != victim.port, patches


def test_nginx_killed_mid_upload_and_restarted_the_client_resumes_exactly_once(
    throttled: Balanced, secret_keyring: SecretService.Keyring, tmp_path: Path
) -> None:
    with _sending(throttled, tmp_path, 16 * MIB) as (sender, log, _data):
        _wait_for_receiver(throttled, BLOCK)
        throttled.proxy.kill()
        time.sleep(2)  # the client finds no load balancer for a while
        assert sender.poll() is None, log.read_text()
        restarted = nginx.RunningNginx(throttled.proxy.upstream_ports, throttled.proxy.port)
        with restarted:
            sender.wait(timeout=120)


def test_a_lost_password_report_stops_an_upload_another_process_is_receiving(
    balanced: Balanced,
) -> None:
    """The report goes to an idle process (nginx's least_conn gives a new connection to one);
    the process receiving the upload stops storing it within a few blocks and answers 401 or
    403. nginx then reads the rest of the client's body and drops it, so the client's count is
    not the measure: the receiving process's access line (bytes received) is."""
    server = balanced.first
    total = 256 * MIB
    holders: list[Member] = []
    with httpx.Client(base_url=balanced.url, timeout=60) as client:
        token = login(client, server.username, server.password).json()["access_token"]
        auth = {**TUS, "Authorization": f"Bearer {token}"}
        created = client.post("/api/v1/uploads/", headers={**auth, "Upload-Length": str(total)})
        assert created.status_code == 201, created.text
        head = fake_ciphertext(MIB)

        def body() -> Iterator[bytes]:
            yield head
            for sent in range(MIB, total, MIB):
                if sent == 2 * BLOCK:
                    holders.append(_wait_for_receiver(balanced, BLOCK)[0])
                    with httpx.Client(base_url=balanced.url) as other:
                        report = other.post("/api/v1/auth/report-lost", json={"username": "alice"})
                    assert report.status_code == 202, report.text
                yield b"\0" * MIB

        try:
            response = client.patch(
                created.headers["Location"],
                headers={**auth, "Upload-Offset": "0", **OFFSET_TYPE},
                content=body(),
            )
            assert response.status_code in (401, 403), response.text
        except httpx.TransportError:
            pass  # nginx may close the connection while the body is still coming
    [holder] = holders
    [(reported_to, _)] = balanced.served("POST", "/api/v1/auth/report-lost", at_least=1)
    assert reported_to is not holder
    [(patched_by, patch)] = balanced.served("PATCH", "/api/v1/uploads/", at_least=1)
    assert patched_by is holder
    # Stopped within a few dozen megabytes (the server re-checks every 4 MiB, at most once per
    # 20 ms), not at 256 MiB.
    assert patch.status in ("401", "403") and int(patch.received) < 64 * MIB, patch


def test_a_dead_process_is_skipped_and_the_service_keeps_answering(balanced: Balanced) -> None:
    victim = balanced.members[1]
    victim.kill()
    survivors = [m for m in balanced.members if m is not victim]
    server = balanced.first
    with httpx.Client(base_url=balanced.url, timeout=30) as client:
        # Sign-ins first (POST): nginx passes one on when the process refuses the connection.
        sign_ins = [
            login(client, server.username, server.password).status_code for _ in range(PROCESSES)
        ]
        checks = [client.get("/api/v1/health") for _ in range(3 * PROCESSES)]
    assert sign_ins == [200] * PROCESSES
    assert [(r.status_code, r.json()) for r in checks] == [(200, {"status": "ok"})] * len(checks)
    served = balanced.served("GET", "/api/v1/health", at_least=len(checks))
    assert len(served) == len(checks)
    assert {m.port for m, _ in served} <= {m.port for m in survivors}
    assert "connect() failed (111: Connection refused)" in balanced.proxy.error_log.read_text()
