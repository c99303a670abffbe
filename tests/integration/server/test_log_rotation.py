"""The logs survive rotation: ``logrotate`` renames the access log and the audit log while the
real server writes, and the next lines go to new files, 0600. Trimming old access-log lines
while requests stream in loses none of them."""

from __future__ import annotations

import fcntl
import logging
import queue
import stat
import threading
import time
from pathlib import Path

import httpx

from noomus_extranet import accesslog
from tests.helpers.server import RunningExtranet, make_extranet

OLD = "2020-01-01T00:00:00Z 203.0.113.9 GET /api/v1/info 200 in=0 out=10 ms=1\n"


def _wait_for(path: Path, text: str) -> str:
    deadline = time.monotonic() + 10
    while not path.exists() or text not in (content := path.read_text()):
        assert time.monotonic() < deadline, f"{text!r} never reached {path}"
        time.sleep(0.05)
    return content


def test_access_and_audit_logs_reopen_when_renamed(extranet: RunningExtranet) -> None:
    logs = extranet.data_dir / "logs"
    with httpx.Client(base_url=extranet.url, timeout=30) as client:
        assert client.get("/api/v1/before-rotation").status_code == 404
        _wait_for(logs / "access.log", "/api/v1/before-rotation")
        (logs / "access.log").rename(logs / "access.log.1")
        (logs / "audit.log").rename(logs / "audit.log.1")

        assert client.get("/api/v1/after-rotation").status_code == 404
        body = {"username": "alice", "password": "wrong-password-1", "device_name": "x"}
        assert client.post("/api/v1/auth/login", json=body).status_code == 401

    new_access = _wait_for(logs / "access.log", "/api/v1/after-rotation")
    assert "/api/v1/before-rotation" not in new_access
    assert "/api/v1/after-rotation" not in (logs / "access.log.1").read_text()
    assert "sign_in_refused" in _wait_for(logs / "audit.log", "sign_in_refused")
    assert "sign_in_refused" not in (logs / "audit.log.1").read_text()
    for name in ("access.log", "audit.log"):
        assert stat.S_IMODE((logs / name).stat().st_mode) == 0o600, name


def test_trimming_while_requests_stream_loses_no_line(tmp_path: Path) -> None:
    server = make_extranet(tmp_path, {})
    server.admin("retention", "--access-log", "off")  # the server's purge at start: not this
    access_log = server.data_dir / "logs" / "access.log"
    access_log.parent.mkdir(mode=0o700, exist_ok=True)
    access_log.write_text(OLD * 20000)
    stop = threading.Event()
    answered = 0

    def hammer() -> None:
        nonlocal answered
        with httpx.Client(base_url=server.url, timeout=30) as client:
            while not stop.is_set():
                assert client.get("/api/v1/hammered").status_code == 404
                answered += 1

    try:
        server.start()
        server.wait_for_first_purge()  # with the access log off, before the policy changes
        server.admin("retention", "--access-log", "90d")
        worker = threading.Thread(target=hammer)
        worker.start()
        try:
            time.sleep(0.5)
            # Another process than the server rewrites the file the server appends to.
            assert "removed 20000 access-log lines" in server.admin("purge")
            time.sleep(0.5)
        finally:
            stop.set()
            worker.join()
        assert answered > 20
        assert httpx.get(f"{server.url}/api/v1/marker").status_code == 404
        content = _wait_for(access_log, "/api/v1/marker")
    finally:
        server.kill()
    assert "203.0.113.9" not in content
    assert sum(" GET /api/v1/hammered " in line for line in content.splitlines()) == answered


def test_requests_never_wait_for_the_access_log(extranet: RunningExtranet) -> None:
    """A trimming (or a stalled disk) holding the access log does not hold requests: the
    event loop only queues lines, and they are written once the file is free. (Written on
    the loop, the first line would block on the lock and every later request would hang.)"""
    log = extranet.data_dir / "logs" / "access.log"
    with httpx.Client(base_url=extranet.url, timeout=10) as client:
        assert client.get("/api/v1/before-the-lock").status_code == 404
        _wait_for(log, "/api/v1/before-the-lock")
        with log.open("rb") as held:
            fcntl.flock(held.fileno(), fcntl.LOCK_EX)
            try:
                for n in range(20):
                    assert client.get(f"/api/v1/while-locked-{n}").status_code == 404
                assert "/api/v1/while-locked-" not in log.read_text()
            finally:
                fcntl.flock(held.fileno(), fcntl.LOCK_UN)
    written = _wait_for(log, "/api/v1/while-locked-19")
    assert all(f"/api/v1/while-locked-{n} " in written for n in range(20))


def test_a_full_queue_drops_lines_and_says_how_many() -> None:
    lines: queue.Queue[logging.LogRecord] = queue.Queue(2)
    handler = accesslog._QueueHandler(lines)
    logger = logging.Logger("test-access-queue")
    logger.addHandler(handler)
    for n in range(5):
        logger.warning("line %d", n)
    assert handler.dropped == 3
    assert [lines.get_nowait().getMessage() for _ in range(2)] == ["line 0", "line 1"]
    logger.warning("line 5")
    assert [lines.get_nowait().getMessage() for _ in range(2)] == [
        "3 access-log lines were dropped (the log fell behind)",
        "line 5",
    ]
    assert handler.dropped == 0
