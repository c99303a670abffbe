"""The server's outage lines (noomus_extranet/handlers.py, noomus_extranet/db.py): while the
database cannot be reached every request and every background task that needs it fails, so
the log says so once per interval and counts the failures since, rather than a line each."""

from __future__ import annotations

import logging
import time

import pytest

from noomus_extranet import db
from noomus_extranet.db import DatabaseUnavailable, Throttle, log_failure
from noomus_extranet.handlers import OutageLog


def test_one_line_per_interval_and_the_next_counts_the_requests_in_between(
    caplog: pytest.LogCaptureFixture,
) -> None:
    outage = OutageLog(interval=0.3)
    gone = DatabaseUnavailable("connection failed:\n  Connection refused")
    with caplog.at_level(logging.ERROR, logger="noomus_extranet.handlers"):
        for _ in range(5):
            outage.report("postgresql://noomus:***@db/extranet", gone)
        time.sleep(0.35)
        outage.report("postgresql://noomus:***@db/extranet", gone)
    lines = [record.getMessage() for record in caplog.records]
    assert len(lines) == 2, lines
    assert "more requests" not in lines[0]
    assert "; 4 more requests answered 503 since the last line" in lines[1]
    assert all("\n" not in line and "Connection refused" in line for line in lines)


def test_background_tasks_say_an_outage_once_per_interval_and_count_the_rest(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The leader lease alone renews every 2 s: without the throttle, 30 lines a minute."""
    monkeypatch.setattr(db, "_BACKGROUND_OUTAGE", Throttle(interval=0.3))
    background = logging.getLogger("noomus_extranet.test_background")

    def fail(what: str, error: Exception) -> None:
        try:
            raise error
        except Exception:
            log_failure(background, what)

    gone = DatabaseUnavailable("connection failed:\n  Connection refused")
    with caplog.at_level(logging.WARNING, logger=background.name):
        for _ in range(10):
            fail("renewing the leader lease", gone)
        fail("sweeping expired uploads", gone)
        time.sleep(0.35)
        fail("purging by the retention policy", gone)
        fail("sweeping expired uploads", ValueError("a bug"))  # not an outage: in full
    records = caplog.records
    assert [r.getMessage().split(" failed")[0] for r in records] == [
        "renewing the leader lease",
        "purging by the retention policy",
        "sweeping expired uploads",
    ]
    assert "more background" not in records[0].getMessage()
    assert "; 10 more background failures since the last line" in records[1].getMessage()
    assert all(
        "\n" not in r.getMessage() and "Connection refused" in r.getMessage() for r in records[:2]
    )
    assert records[2].exc_info is not None  # the traceback of what is not an outage
