"""Lost-password reports: timing must not tell known user IDs from unknown ones, and one IP
must not be able to lock every customer out.

Before: 2.51 ms at the median for a known ID against 1.91 ms for an unknown one (only a
known ID was written to the database), and any IP could lock 5 accounts an hour, forever.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import httpx
import pytest

from tests.helpers.server import RunningExtranet

SAMPLES = 101
LOCKS_PER_DAY = 2


@pytest.fixture(scope="module")
def extranet(module_extranet_factory: Callable[..., RunningExtranet]) -> RunningExtranet:
    return module_extranet_factory(
        report_attempts=1000, report_locks_per_day=LOCKS_PER_DAY, trusted_proxy="127.0.0.1"
    )


def _report(client: httpx.Client, username: str, ip: str) -> tuple[float, httpx.Response]:
    started = time.perf_counter()
    response = client.post(
        "/api/v1/auth/report-lost",
        json={"username": username, "note": "laptop stolen"},
        headers={"X-Forwarded-For": ip},
    )
    return time.perf_counter() - started, response


def test_known_and_unknown_ids_take_the_same_time(extranet: RunningExtranet) -> None:
    """Interleaved samples (each from its own IP, under the ceiling), compared by median."""
    times: dict[str, list[float]] = {"alice": [], "nobody-here": []}
    with httpx.Client(base_url=extranet.url, timeout=30) as client:
        _report(client, "warm-up", "192.0.2.250")
        for i in range(SAMPLES):
            order = ["alice", "nobody-here"] if i % 2 else ["nobody-here", "alice"]
            for name in order:
                elapsed, response = _report(client, name, f"10.1.{i}.{len(name)}")
                assert response.status_code == 202
                times[name].append(elapsed)
    known = statistics.median(times["alice"]) * 1000
    unknown = statistics.median(times["nobody-here"]) * 1000
    print(f"report-lost medians: known {known:.2f} ms, unknown {unknown:.2f} ms")
    # Before the fix the ratio was about 1.9 here (1.3 in the penetration test, unloaded).
    assert 0.8 < known / unknown < 1.25, f"known {known:.2f} ms, unknown {unknown:.2f} ms"


def test_one_ip_locks_at_most_its_daily_ceiling(extranet: RunningExtranet) -> None:
    names = ["u1", "u2", "u3"]
    for name in names:
        extranet.add_user(name, f"{name}-password-123")
    with httpx.Client(base_url=extranet.url, timeout=30) as client:
        answers = [_report(client, name, "198.51.100.66")[1] for name in names]
    assert {a.status_code for a in answers} == {202}
    assert len({a.text for a in answers}) == 1
    users = extranet.admin("users", "list")
    assert "u1\tlocked" in users and "u2\tlocked" in users and "u3\tactive" in users
    assert "report_lost_refused\tu3\t198.51.100.66" in extranet.admin("incidents", "list")
