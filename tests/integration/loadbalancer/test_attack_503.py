"""Review of issue 20 (attack): one 503 from a process is an answer, not a dead process.

The committed ``deploy/nginx-cluster.conf`` counts a ``503`` as a failed attempt
(``proxy_next_upstream ... http_503`` with ``max_fails=1``): nginx then sends nothing to that
process for ``fail_timeout`` (10 s). But the processes answer 503 on purpose: the suspension
switch (``service_suspended``, which the desktop app shows as such) and ``/api/v1/health`` when
degraded (disk below the reserve, or another writer holding the database for a second). One
such answer from each process, and nginx answers ``502 no live upstreams`` (HTML) to every
client for 10 s, even after the cause is gone; an unauthenticated probe of the health endpoint
is enough.
"""

from __future__ import annotations

import time

import httpx

from tests.helpers.nginx import requires_nginx
from tests.integration.loadbalancer.conftest import PROCESSES, Balanced
from tests.integration.server.conftest import login

pytestmark = [requires_nginx]


def test_a_suspension_answer_does_not_take_the_processes_out_of_nginx(
    balanced: Balanced,
) -> None:
    with httpx.Client(base_url=balanced.url, timeout=30) as client:
        signed_in = login(client, balanced.first.username, balanced.first.password)
        assert signed_in.status_code == 200, signed_in.text
        bearer = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}
        balanced.first.admin("service", "suspend")
        answers = [client.get("/api/v1/me", headers=bearer) for _ in range(PROCESSES + 2)]
        # Every client must learn that the service is suspended (the desktop app says so),
        # not get nginx's 502 page.
        assert [a.status_code for a in answers] == [503] * len(answers), [
            (a.status_code, a.text[:40]) for a in answers
        ]
        assert all(a.json()["error"]["code"] == "service_suspended" for a in answers)
        balanced.first.admin("service", "resume")
        assert client.get("/api/v1/me", headers=bearer).status_code == 200


def test_a_degraded_health_probe_does_not_take_the_cluster_down(balanced: Balanced) -> None:
    """Another writer (a backup, ``migrate``) holds the database for 1.5 s: the health probe
    says degraded, as it should. Once it let go, the processes must answer at once."""
    admin = balanced.first.open_admin()  # the writers' lock of either engine
    try:
        with admin.db.transaction():
            probes = [
                httpx.get(f"{balanced.url}/api/v1/health", timeout=30).status_code
                for _ in range(PROCESSES)
            ]
    finally:
        admin.db.close()
    assert 503 in probes, probes
    time.sleep(0.5)
    info = httpx.get(f"{balanced.url}/api/v1/info", timeout=30)
    assert info.status_code == 200, (info.status_code, info.text[:80])
