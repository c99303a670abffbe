"""The cluster-wide duties (expiry sweep, retention purge) run in one process at a time: the
holder of the ``leader`` lease. When it dies another process takes over within seconds."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from noomus_extranet.leases import LEASE_TTL, RENEW_EVERY
from tests.helpers.cluster import Cluster

#: How long after the leader's death another process must have taken over and purged.
TAKEOVER = LEASE_TTL + 2 * RENEW_EVERY + 3


def _purges(cluster: Cluster) -> int:
    log = cluster[0].data_dir / "logs" / "audit.log"
    lines = log.read_text().splitlines() if log.exists() else []
    return sum(json.loads(line)["event"] == "purge" for line in lines)


def _wait(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def test_one_process_purges_and_another_takes_over_when_it_dies(
    cluster_factory: Callable[..., Cluster],
) -> None:
    # The policy is applied at start and then daily: at start by the leader only.
    cluster = cluster_factory(size=3, purge_interval=24 * 3600)
    assert _wait(lambda: _purges(cluster) >= 1, 2 * RENEW_EVERY + 5)
    time.sleep(2 * RENEW_EVERY + 1)  # every process has had its chance to purge by now
    assert _purges(cluster) == 1
    leader = cluster.lease_holder("leader")
    assert leader is not None
    leader.kill()
    assert _wait(lambda: _purges(cluster) == 2, TAKEOVER), "no process took over"
    successor = cluster.lease_holder("leader")
    assert successor is not None and successor is not leader
    time.sleep(2 * RENEW_EVERY + 1)
    assert _purges(cluster) == 2  # the third process did not purge as well
    # A leader that stops (SIGTERM) hands over at once, not after its lease lapses.
    successor.stop()
    assert _wait(lambda: _purges(cluster) == 3, RENEW_EVERY + 3)
    last = cluster.lease_holder("leader")
    assert last is not None and last not in (leader, successor)
