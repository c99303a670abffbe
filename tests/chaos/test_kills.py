"""Processes dying at random moments: the server (SIGKILL, restarted) and the client (SIGKILL,
``send`` run again), and the laptop sleeping (the client stopped longer than its stall
timeout). Each repetition has its own logged seed; every file must arrive exactly once.

Files are over the engine's creation-with-upload size (4 MiB) so a kill lands among
PATCHes; what a kill during a completing creation-with-upload does is shown, without
randomness, in ``test_lost_answers.py``.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.chaos.conftest import Rig
from tests.helpers.chaos import Verdict, kill, new_seed, random_file, record_verdicts, strength

#: Link speed: slow enough that kills land in the middle of transfers.
BANDWIDTH = 12_000_000
TIMEOUT = 180
MIB = 2**20


@dataclass
class Batch:
    """A folder of 1-2 random files (4.5-7 MiB) to drop in one go."""

    folder: Path
    expected: dict[str, str]
    size: int


def make_batch(rig: Rig, label: str, rng: random.Random) -> Batch:
    folder = rig.source(label)
    expected, size = {}, 0
    for i in range(rng.randint(1, 2)):
        length = rng.randint(9 * MIB // 2, 7 * MIB)
        expected[f"{label}/part-{i}.bin"] = random_file(folder / f"part-{i}.bin", length, rng)
        size += length
    return Batch(folder, expected, size)


def strike_points(rng: random.Random, total: int, count: int) -> list[int]:
    """``count`` increasing byte counts (as the proxy sees them) at which to strike."""
    return sorted(rng.randint(total // 20, total * 9 // 10) for _ in range(count))


def finish(process: subprocess.Popen[bytes]) -> int:
    try:
        return process.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        kill(process)
        raise


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
