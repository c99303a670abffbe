"""The server's outage line (noomus_extranet/handlers.py): while the database cannot be
reached every request that needs it fails, so the log says so once per interval and counts
the failures since, rather than a line per request."""

from __future__ import annotations

import logging
import time

import pytest

from noomus_extranet.db import DatabaseUnavailable
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
