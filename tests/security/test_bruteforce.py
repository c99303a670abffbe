"""The sign-in endpoint under a password-guessing attacker: limits hold, nothing is revealed.

The server's own tests check one limit each and a 3-sample timing ratio; these run the
attacker's loops: many guesses in a row, many guesses at once, and distributions of status,
body and time across known, unknown, disabled and locked user IDs.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.helpers.server import RunningExtranet


def _login(client: httpx.Client, username: str, password: str) -> httpx.Response:
    body = {"username": username, "password": password, "device_name": "attacker"}
    return client.post("/api/v1/auth/login", json=body)


def test_guessing_loop_never_gets_in_once_limited(
    extranet_factory: Callable[..., RunningExtranet],
) -> None:
    """After the limit, even the right password is refused: guesses past it are worthless."""
    server = extranet_factory(login_attempts=3, login_ip_attempts=1000, login_window=60)
    with httpx.Client(base_url=server.url, timeout=60) as client:
        statuses = [_login(client, "alice", f"guess-number-{i:03}").status_code for i in range(25)]
        statuses.append(_login(client, "alice", server.password).status_code)
    assert statuses[:3] == [401, 401, 401]
    assert set(statuses[3:]) == {429}


def test_parallel_guesses_do_not_exceed_the_per_user_limit(
    extranet_factory: Callable[..., RunningExtranet],
) -> None:
    """Guesses sent at once must not each slip past the check before any is counted."""
    server = extranet_factory(login_attempts=2, login_ip_attempts=1000, login_window=60)

    def guess(i: int) -> int:
        with httpx.Client(base_url=server.url, timeout=120) as client:
            return _login(client, "alice", f"parallel-guess-{i:03}").status_code

    with ThreadPoolExecutor(10) as pool:
        statuses = list(pool.map(guess, range(10)))
    checked = statuses.count(401)  # a 401 means the password was actually tried
    assert checked <= 2, f"{checked} passwords tried against a limit of 2: {statuses}"


def test_rate_limited_answers_are_the_same_for_known_and_unknown_users(
    extranet_factory: Callable[..., RunningExtranet],
) -> None:
    server = extranet_factory(login_attempts=2, login_ip_attempts=1000, login_window=60)
    started = time.monotonic()
    with httpx.Client(base_url=server.url, timeout=60) as client:
        seen = {
            name: [_login(client, name, "wrong-password-1") for _ in range(4)]
            for name in ("alice", "nobody-at-all")
        }
    elapsed = time.monotonic() - started
    known, unknown = seen["alice"], seen["nobody-at-all"]
    assert (
        [r.status_code for r in known]
        == [r.status_code for r in unknown]
        == [
            401,
            401,
            429,
            429,
        ]
    )
    assert [r.json() for r in known] == [r.json() for r in unknown]
    # The window's remaining time: 60 s less what has passed since the first failure (slow
    # password hashing on a loaded machine makes that several seconds, never more).
    waits = [int(r.headers["Retry-After"]) for r in known[2:] + unknown[2:]]
    assert all(60 - math.ceil(elapsed) - 1 <= wait <= 60 for wait in waits), (waits, elapsed)


def test_no_enumeration_by_status_body_or_time(
    extranet_factory: Callable[..., RunningExtranet],
) -> None:
    """Wrong passwords for active, disabled, locked and unknown user IDs look alike.

    The password is checked before the account state, so only someone holding the password
    learns that an account is disabled or locked. Timing: medians of interleaved samples, as
    a ratio between the paths (not a speed assertion).
    """
    server = extranet_factory(login_attempts=1000, login_ip_attempts=1000)
    server.add_user("bob-disabled", "bob-password-123")
    server.add_user("carol-locked", "carol-password-123")
    server.admin("users", "disable", "bob-disabled")
    with httpx.Client(base_url=server.url, timeout=60) as client:
        assert client.post("/api/v1/auth/report-lost", json={"username": "carol-locked"}).is_success
        names = ["alice", "bob-disabled", "carol-locked", "nobody-at-all"]
        _login(client, "warm-up", "warm-up-password")
        answers: dict[str, list[tuple[int, object]]] = {name: [] for name in names}
        times: dict[str, list[float]] = {name: [] for name in names}
        for _ in range(2):
            for name in names:
                started = time.perf_counter()
                response = _login(client, name, "definitely-wrong-1")
                times[name].append(time.perf_counter() - started)
                answers[name].append((response.status_code, response.json()))
    reference = answers["alice"]
    assert reference[0][0] == 401
    for name in names:
        assert answers[name] == reference, name
    medians = {name: statistics.median(samples) for name, samples in times.items()}
    for name in names:
        ratio = medians[name] / medians["alice"]
        assert 0.33 < ratio < 3.0, f"{name}: {ratio:.2f} x the time of a known user"


def test_limit_lifts_after_the_window(extranet_factory: Callable[..., RunningExtranet]) -> None:
    """Rate limiting must not become a permanent lock-out the attacker can impose."""
    # The window outlasts two slow password checks even on a loaded machine.
    server = extranet_factory(login_attempts=2, login_ip_attempts=1000, login_window=6)
    with httpx.Client(base_url=server.url, timeout=60) as client:
        for _ in range(2):
            _login(client, "alice", "wrong-password-1")
        limited = _login(client, "alice", server.password)
        assert limited.status_code == 429
        time.sleep(int(limited.headers["Retry-After"]) + 0.2)
        assert _login(client, "alice", server.password).status_code == 200
