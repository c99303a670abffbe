"""Retention against a real server: the purge removes exactly what the policy no longer keeps
(deliveries fetched long enough ago or too old, inbox files left by a crash, old access-log
lines) and nothing else, on demand (``noomus-extranet purge``) and by the server itself."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from noomus_extranet.retention import mark_fetched
from tests.helpers.server import RunningExtranet, make_extranet
from tests.integration.server.conftest import Api, fake_ciphertext

OLD = "2020-01-01T00:00:00Z 203.0.113.9 GET /api/v1/info 200 in=0 out=10 ms=1\n"


def _listed(server: RunningExtranet) -> list[int]:
    """Delivery IDs as ``noomus-extranet deliveries list`` shows them."""
    return sorted(
        int(line.split("\t")[0]) for line in server.admin("deliveries", "list").split("\n") if line
    )


def _inbox(server: RunningExtranet) -> set[str]:
    return {p.name for p in (server.data_dir / "inbox").glob("*/*.age")}


def _deliver(api: Api, size: int, seed: bytes) -> tuple[int, str]:
    """A delivery's ID and the name of its inbox file."""
    response = api.upload(fake_ciphertext(size, seed))
    assert response.status_code == 204, response.text
    upload_id = response.request.url.path.rsplit("/", 1)[1]
    return int(response.headers["Noomus-Delivery-Id"]), f"{upload_id}.age"


def _audit(server: RunningExtranet, event: str) -> list[dict[str, object]]:
    lines = (server.data_dir / "logs" / "audit.log").read_text().splitlines()
    return [entry for entry in map(json.loads, lines) if entry["event"] == event]


def _mark(server: RunningExtranet, delivery_id: int, at: float) -> None:
    db = server.open_admin().db
    try:
        staff = db.one("SELECT id FROM users WHERE username = 'alice'")
        assert staff is not None
        assert mark_fetched(db, delivery_id, staff["id"], at)
    finally:
        db.close()


def test_purge_removes_exactly_what_the_policy_no_longer_keeps(
    tmp_path: Path, api_factory: Callable[..., Api]
) -> None:
    server = make_extranet(tmp_path, {})
    logs = server.data_dir / "logs"
    logs.mkdir(mode=0o700, exist_ok=True)
    (logs / "access.log").write_text(OLD * 5)
    rotated_old, rotated_mixed = logs / "access.log.2", logs / "access.log.1"
    rotated_old.write_text(OLD * 3)
    os.utime(rotated_old, (0, 0))
    recent_line = time.strftime("%Y-%m-%dT%H:%M:%SZ 198.51.100.1 GET /recent 200\n", time.gmtime())
    rotated_mixed.write_text(OLD * 2 + recent_line)
    # Keep the server's own purge at start off these files; the command below does it.
    server.admin("retention", "--after-fetch", "off", "--access-log", "off")
    try:
        server.start()
        server.wait_for_first_purge()
        api = api_factory(server=server)
        fetched_long_ago, old_file = _deliver(api, 3000, b"a")
        fetched_now, _ = _deliver(api, 4000, b"b")
        unfetched, _ = _deliver(api, 5000, b"c")
        unfinished = api.create(6000)
        assert api.patch(unfinished, 0, fake_ciphertext(6000)[:1000]).status_code == 204
        _mark(server, fetched_long_ago, time.time() - 3600)
        _mark(server, fetched_now, time.time())
        alice_inbox = next((server.data_dir / "inbox").glob(f"*/{old_file}")).parent
        leftover = alice_inbox / ("f" * 32 + ".age")
        leftover.write_bytes(b"left by a crash between the row and the file")
        server.admin("retention", "--after-fetch", "30m", "--access-log", "90d")
        files_before = _inbox(server)

        dry = server.admin("purge", "--dry-run")
        assert f"would remove 1 deliveries (3000 bytes): {fetched_long_ago}\n" in dry
        assert "would remove 1 leftover inbox files" in dry
        assert "would remove 7 access-log lines and 1 rotated access-log files" in dry
        assert _inbox(server) == files_before and rotated_old.exists()
        assert _listed(server) == sorted([fetched_long_ago, fetched_now, unfetched])

        done = server.admin("purge")
        assert f"removed 1 deliveries (3000 bytes): {fetched_long_ago}\n" in done
        assert _listed(server) == sorted([fetched_now, unfetched])
        assert _inbox(server) == files_before - {old_file, leftover.name}
        assert not rotated_old.exists()
        assert rotated_mixed.read_text() == recent_line
        assert "203.0.113.9" not in (logs / "access.log").read_text()
        # The unfinished upload is untouched: it resumes and completes.
        assert api.head(unfinished).headers["Upload-Offset"] == "1000"
        assert api.patch(unfinished, 1000, fake_ciphertext(6000)[1000:]).status_code == 204
        # The server still logs to the access log the purge rewrote.
        assert httpx.get(f"{server.url}/api/v1/after-purge").status_code == 404
        deadline = time.monotonic() + 10
        while "/api/v1/after-purge" not in (logs / "access.log").read_text():
            assert time.monotonic() < deadline, "no access-log line after the purge"
            time.sleep(0.05)
        entry = _audit(server, "purge")[-1]
        assert {k: entry[k] for k in entry if k not in ("time", "event")} == {
            "deliveries": 1,
            "bytes": 3000,
            "leftover_files": 1,
            "access_log_lines": 7,
            "access_log_files": 1,
        }
        # Nothing more is due: a second purge removes nothing.
        assert "removed 0 deliveries" in server.admin("purge")
    finally:
        server.kill()


def test_the_server_purges_by_itself(
    extranet_factory: Callable[..., RunningExtranet], api_factory: Callable[..., Api]
) -> None:
    server = extranet_factory(purge_interval=0.5)
    server.admin("retention", "--max-age", "1s")
    api = api_factory(server=server)
    _delivery, name = _deliver(api, 3000, b"max-age")
    deadline = time.monotonic() + 20
    # A purge commits the rows' removal, then removes the files, then writes its audit line.
    while not any(entry["deliveries"] == 1 for entry in _audit(server, "purge")):
        assert time.monotonic() < deadline, "the server did not purge the old delivery"
        time.sleep(0.2)
    assert _listed(server) == []
    assert name not in _inbox(server)
    assert api.client.get("/api/v1/deliveries", headers=api.auth).json()["deliveries"] == []
    assert Path(name).stem not in json.dumps(_audit(server, "purge"))  # counts, never names


CRASH_BEFORE_UNLINK = """
import os, pathlib, sys, time
from noomus_extranet.db import Database
from noomus_extranet.dburl import prepare_database
from noomus_extranet.retention import Policy, purge
db = Database(prepare_database(pathlib.Path(sys.argv[1]), sys.argv[2] or None))
pathlib.Path.unlink = lambda *args, **kwargs: os._exit(9)  # the crash: rows gone, files not
purge(db, Policy(after_fetch=0), time.time())
"""


def test_a_purge_that_crashes_after_the_rows_is_finished_by_the_next(
    extranet: RunningExtranet, api_factory: Callable[..., Api]
) -> None:
    extranet.wait_for_first_purge()  # the server's own, before the test's files
    api = api_factory()
    kept, _ = _deliver(api, 3000, b"kept")
    purged, name = _deliver(api, 4000, b"purged")
    _mark(extranet, purged, time.time() - 10)
    crashed = subprocess.run(
        [
            sys.executable,
            "-c",
            CRASH_BEFORE_UNLINK,
            str(extranet.data_dir),
            extranet.database or "",
        ],
        check=False,
    )
    assert crashed.returncode == 9
    assert _listed(extranet) == [kept]
    assert name in _inbox(extranet)  # the file outlived its row
    purges = len(_audit(extranet, "purge"))
    extranet.stop()
    extranet.start()  # nothing breaks, nothing comes back, and its purge at start finishes
    assert _listed(extranet) == [kept]
    deadline = time.monotonic() + 20
    # The purge removes the file, then writes its audit line: wait for both.
    while name in _inbox(extranet) or len(_audit(extranet, "purge")) == purges:
        assert time.monotonic() < deadline, "the leftover file stayed, or its purge went unsaid"
        time.sleep(0.1)
    assert len(_inbox(extranet)) == 1
    assert _audit(extranet, "purge")[purges]["leftover_files"] == 1
    assert "removed 0 leftover inbox files" in extranet.admin("purge")


def test_a_purged_delivery_number_is_never_given_again(
    extranet: RunningExtranet, api_factory: Callable[..., Api]
) -> None:
    """Numbers name deliveries in the audit log and in staff's notes: after the newest ones
    are purged, the next delivery gets a new number, not a purged one's."""
    extranet.wait_for_first_purge()  # the server's own, before the test's files
    api = api_factory()
    first, _ = _deliver(api, 3000, b"one")
    second, _ = _deliver(api, 3000, b"two")
    for delivery in (first, second):
        _mark(extranet, delivery, time.time() - 3600)
    extranet.admin("retention", "--after-fetch", "1s")
    assert f": {first} {second}\n" in extranet.admin("purge")
    assert _listed(extranet) == []
    third, _ = _deliver(api, 3000, b"three")
    assert third > second, (first, second, third)
