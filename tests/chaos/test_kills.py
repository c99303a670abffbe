"""Processes dying at random moments: the server (SIGKILL, restarted) and the client (SIGKILL,
``send`` run again), and the laptop sleeping (the client stopped longer than its stall
timeout). Each repetition has its own logged seed; every file must arrive exactly once.

Files are over the engine's creation-with-upload size (4 MiB) so a kill lands among
PATCHes; what a kill during a completing creation-with-upload does is shown, without
randomness, in ``test_network.py``.
"""

from __future__ import annotations

import os
import random
import signal
import time
from collections.abc import Callable

import pytest

from tests.chaos.conftest import BANDWIDTH, TIMEOUT, Batch, Rig, finish, make_batch, strike_points
from tests.helpers.chaos import Verdict, kill, new_seed, record_verdicts, strength


def _repeat(rig: Rig, scenario: str, run_once: Callable[[Batch, random.Random, int], None]) -> None:
    """Repetitions on one server, each audited (cumulatively); one table row at the end."""
    seeds: list[int] = []
    expected: dict[str, str] = {}
    verdict: Verdict | None = None
    for repetition in range(strength(2, 10)):
        seed = new_seed()
        seeds.append(seed)
        rng = random.Random(seed)
        batch = make_batch(rig, f"rep-{repetition}", rng)
        expected.update(batch.expected)
        run_once(batch, rng, seed)
        verdict = rig.finish(expected)
        if not verdict.perfect:
            break
    assert verdict is not None
    record_verdicts(scenario, [verdict], seeds)


@pytest.mark.timeout(900)
def test_server_sigkill_at_random_offsets(rig: Rig) -> None:
    rig.proxy.bandwidth = BANDWIDTH

    def run_once(batch: Batch, rng: random.Random, seed: int) -> None:
        start = rig.proxy.bytes_up
        process = rig.client.spawn("-q", "send", str(batch.folder))
        for point in strike_points(rng, batch.size, rng.randint(1, 2)):
            rig.proxy.wait_for(lambda: rig.proxy.bytes_up - start >= point, TIMEOUT)  # noqa: B023
            rig.server.kill()
            time.sleep(rng.uniform(0.0, 1.5))
            rig.server.start()
        assert finish(process) == 0, f"seed {seed}: noomus-upload did not finish cleanly"

    _repeat(rig, "server SIGKILL at random offsets", run_once)


@pytest.mark.timeout(900)
def test_client_sigkill_at_random_offsets(rig: Rig) -> None:
    rig.proxy.bandwidth = BANDWIDTH

    def run_once(batch: Batch, rng: random.Random, seed: int) -> None:
        start = rig.proxy.bytes_up
        for point in strike_points(rng, batch.size, rng.randint(1, 3)):
            process = rig.client.spawn("-q", "send", str(batch.folder))
            try:
                rig.proxy.wait_for(lambda: rig.proxy.bytes_up - start >= point, TIMEOUT)  # noqa: B023
            finally:
                kill(process)
        result = rig.client.send([batch.folder], timeout=TIMEOUT)
        assert result.returncode == 0, f"seed {seed}: {result.stderr}"

    _repeat(rig, "client SIGKILL at random offsets", run_once)


def test_laptop_sleeping_mid_transfer(rig: Rig) -> None:
    """SIGSTOP for longer than the stall timeout (3 s), then SIGCONT: the clock has jumped
    for the client; the upload still completes, once."""
    rig.proxy.bandwidth = BANDWIDTH
    seed = new_seed()
    rng = random.Random(seed)
    batch = make_batch(rig, "asleep", rng)
    process = rig.client.spawn("-q", "send", str(batch.folder))
    point = strike_points(rng, batch.size, 1)[0]
    rig.proxy.wait_for(lambda: rig.proxy.bytes_up >= point, TIMEOUT)
    os.kill(process.pid, signal.SIGSTOP)
    time.sleep(5)
    os.kill(process.pid, signal.SIGCONT)
    assert finish(process) == 0
    record_verdicts(
        "laptop asleep (SIGSTOP past the stall timeout)", [rig.finish(batch.expected)], [seed]
    )


def test_server_restarted_while_the_laptop_sleeps(rig: Rig) -> None:
    rig.proxy.bandwidth = BANDWIDTH
    seed = new_seed()
    rng = random.Random(seed)
    batch = make_batch(rig, "asleep-restart", rng)
    process = rig.client.spawn("-q", "send", str(batch.folder))
    point = strike_points(rng, batch.size, 1)[0]
    rig.proxy.wait_for(lambda: rig.proxy.bytes_up >= point, TIMEOUT)
    os.kill(process.pid, signal.SIGSTOP)
    rig.server.kill()
    rig.server.start()
    os.kill(process.pid, signal.SIGCONT)
    assert finish(process) == 0
    record_verdicts(
        "server restarted while the laptop sleeps", [rig.finish(batch.expected)], [seed]
    )
