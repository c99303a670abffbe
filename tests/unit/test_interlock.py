"""Locks between processes (``core/interlock.py``), each tried against a real second process.

The other process is a small Python child that takes a lock, says so on its standard output
and keeps it until its standard input closes (or it is killed, which must release it too).
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from noomus_desktop.core.interlock import Claims, held

_HOLDER = """
import sys
from pathlib import Path
from noomus_desktop.core.interlock import Claims, held
path, what = Path(sys.argv[1]), sys.argv[2]
if what == "turn":
    with held(path):
        print("held", flush=True)
        sys.stdin.read()
else:
    claims = Claims(path)
    print(claims.claim(int(what)), flush=True)
    sys.stdin.read()
"""


@contextmanager
def _other_process(path: Path, what: str) -> Iterator[subprocess.Popen[str]]:
    """A child process holding the turn (``"turn"``) or claim ``what`` on ``path``."""
    child = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(path), what],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() in ("held", "True")
        yield child
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        for stream in (child.stdin, child.stdout):
            if stream is not None:
                stream.close()


def test_a_turn_waits_for_the_other_process_to_end_its_own(tmp_path: Path) -> None:
    lock = tmp_path / "locks" / "session.lock"
    got_it = threading.Event()

    def take_turn() -> None:
        with held(lock):
            got_it.set()

    with _other_process(lock, "turn") as other:
        waiter = threading.Thread(target=take_turn)
        waiter.start()
        assert not got_it.wait(0.5)  # the other process has the turn
        assert other.stdin is not None
        other.stdin.close()
        assert got_it.wait(10)
        waiter.join()


def test_a_process_killed_in_its_turn_leaves_it_free(tmp_path: Path) -> None:
    lock = tmp_path / "session.lock"
    with _other_process(lock, "turn") as other:
        other.kill()
        other.wait()
        started = time.monotonic()
        with held(lock):
            assert time.monotonic() - started < 5


def test_a_claim_of_another_living_process_is_refused_until_it_ends(tmp_path: Path) -> None:
    path = tmp_path / "transfers.lock"
    claims = Claims(path)
    try:
        with _other_process(path, "7") as other:
            assert not claims.claim(7)
            assert claims.claim(8) and claims.claim(8)  # its own claim again: still its own
            other.kill()
            other.wait()
            assert claims.claim(7)
        with _other_process(path, "9"):
            pass
        assert claims.claim(9)
    finally:
        claims.close()
    assert not claims.claim(10)  # closed: claims nothing more
