"""The network failing under a running ``noomus-upload``: connections cut (FIN or RST) in the
middle of a PATCH, a connection that stops moving, bursts of 5xx answers, and answers lost
after the server acted on the request. Each ends with the server's deliveries decrypted and
compared with the originals."""

from __future__ import annotations

import contextlib
import random
import sqlite3
import time
from collections.abc import Callable

import pytest

from tests.chaos.conftest import BANDWIDTH, TIMEOUT, Rig, finish, make_batch, strike_points
from tests.helpers.chaos import (
    FULL,
    new_seed,
    random_file,
    record_verdicts,
    strength,
    wait_until,
)


@pytest.mark.parametrize("reset", [False, True], ids=["fin", "rst"])
def test_connection_cut_mid_patch(rig: Rig, reset: bool) -> None:
    rig.proxy.bandwidth = BANDWIDTH
    seed = new_seed()
    rng = random.Random(seed)
    batch = make_batch(rig, "cut", rng)
    cuts = strength(3, 10)
    process = rig.client.spawn("-q", "send", str(batch.folder))
    for done in range(cuts):
        rig.proxy.cut_after(rng.randint(1000, 2 * 2**20), reset=reset, method="PATCH")

        def landed_or_over(done: int = done) -> bool:
            return rig.proxy.cuts_done > done or process.poll() is not None

        rig.proxy.wait_for(landed_or_over, TIMEOUT)
        if process.poll() is not None:
            break
    assert finish(process) == 0
    assert rig.proxy.cuts_done >= 1, "no cut landed: the scenario tested nothing"
    kind = "RST" if reset else "FIN"
    verdict = rig.finish(batch.expected)
    record_verdicts(f"connection cut mid-PATCH ({kind}), {cuts} cuts", [verdict], [seed])


def test_temporary_stall_longer_than_the_stall_timeout(rig: Rig) -> None:
    """Bytes stop moving for 6 s (the client gives up after 3 s), then the link recovers:
    the client resumes on a new connection from the server's offset."""
    rig.proxy.bandwidth = BANDWIDTH
    seed = new_seed()
    rng = random.Random(seed)
    batch = make_batch(rig, "stall", rng)
    process = rig.client.spawn("-q", "send", str(batch.folder))
    point = strike_points(rng, batch.size, 1)[0]
    rig.proxy.wait_for(lambda: rig.proxy.bytes_up >= point, TIMEOUT)
    rig.proxy.stall()
    connections = rig.proxy.connections
    rig.proxy.wait_for(lambda: rig.proxy.connections > connections, TIMEOUT)  # gave up on it
    time.sleep(3)
    rig.proxy.unstall()
    assert finish(process) == 0
    record_verdicts("connection stalled 6 s", [rig.finish(batch.expected)], [seed])


@pytest.mark.parametrize("method", ["PATCH", "POST", "HEAD", "GET"] if FULL else ["PATCH", "HEAD"])
def test_bursts_of_5xx(rig: Rig, method: str) -> None:
    """A load balancer answering 502/503 for a while, on each kind of request in turn."""
    rig.proxy.bandwidth = BANDWIDTH
    seed = new_seed()
    rng = random.Random(seed)
    batch = make_batch(rig, f"burst-{method.lower()}", rng)
    process = rig.client.spawn("-q", "send", str(batch.folder))
    rig.proxy.wait_for(lambda: rig.proxy.bytes_up > 2**20, TIMEOUT)
    if method in ("HEAD", "GET"):  # these only come after an interruption: cause one
        rig.proxy.reset_connections()
    rig.proxy.fail_next(rng.randint(2, 3), rng.choice([502, 503]), method=method, retry_after=1)
    assert finish(process) == 0
    verdict = rig.finish(batch.expected)
    record_verdicts(f"bursts of 5xx on {method}", [verdict], [seed])


def _small_files(rig: Rig, label: str, rng: random.Random, count: int) -> dict[str, str]:
    folder = rig.source(label)
    return {
        f"{label}/small-{i}.bin": random_file(folder / f"small-{i}.bin", rng.randint(1, 2**16), rng)
        for i in range(count)
    }


def _upload_states(rig: Rig) -> dict[str, int]:
    """How many uploads the server holds in each state (open, completed, expired...)."""
    with contextlib.closing(sqlite3.connect(rig.server.data_dir / "extranet.sqlite3")) as db:
        return dict(db.execute("SELECT state, count(*) FROM uploads GROUP BY state").fetchall())


def test_lost_answer_to_a_completing_creation_does_not_deliver_twice(
    rig_factory: Callable[..., Rig],
) -> None:
    """A small file goes in its creation request: the server acts, the client never hears.

    The retry must not deliver it twice. What the lost creation left is an unfinished
    upload (the client cannot know its address): never completed, it goes when the
    server expires it (``docs/reliability.md``: orphans expire).
    """
    rig = rig_factory(upload_expiry=3)
    seed = new_seed()
    expected = _small_files(rig, "lost-post", random.Random(seed), 1)
    rig.proxy.lose_next_response("POST", "/api/v1/uploads")
    result = rig.client.send([rig.work / "lost-post"], timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    assert rig.proxy.responses_lost == 1
    wait_until(lambda: "open" not in _upload_states(rig), 30, "the server to expire the orphan")
    assert _upload_states(rig) == {"completed": 1, "expired": 1}
    verdict = rig.finish(expected)
    record_verdicts("answer to a completing creation lost", [verdict], [seed])


def test_lost_answer_to_the_final_patch(rig_factory: Callable[..., Rig]) -> None:
    """The server delivered; the client never heard. A HEAD must confirm, not re-send.

    One PATCH carries the whole file (chunk size over the file size), so the lost answer
    is the final one.
    """
    rig = rig_factory(client_options=("--chunk-size", "64M", "--stall-timeout", "3"))
    seed = new_seed()
    batch = make_batch(rig, "lost-patch", random.Random(seed))
    rig.proxy.lose_next_response("PATCH")
    result = rig.client.send([batch.folder], timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    assert rig.proxy.responses_lost == 1
    record_verdicts("answer to the final PATCH lost", [rig.finish(batch.expected)], [seed])
