"""Three real ``noomus-extranet serve`` processes on one data root behind a real nginx.

Each process is started as the template unit starts one (``deploy/noomus-extranet@.service``):
the shared ``--data``, its own port, a ``--public-url`` (nginx's address) and nginx as the
one ``--trusted-proxy``. Each writes its own stdout log (``Member.log_file``), which holds its
access lines: which process served what. Every process and nginx are stopped at teardown, even
when the test fails.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

import pytest

from noomus_desktop.cli import EXIT_OK
from tests.helpers import nginx
from tests.helpers.cluster import start_nodes
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.proc import run_cli
from tests.helpers.server import RunningExtranet, free_port
from tests.integration.test_cli_truth import KEYRING_ENV

PROCESSES = 3
#: Seconds an access line may take to reach a process's log.
LOG_WAIT = 10.0
#: An access line (``noomus_extranet/accesslog.py``): time, client IP, method, path, status,
#: body bytes received.
_ACCESS_LINE = re.compile(
    r"^\d{4}-\d\d-\d\dT[\d:]{8}Z (\S+) ([A-Z]+) (\S+) (\d+) in=(\d+) ", re.MULTILINE
)


class AccessLine(NamedTuple):
    client: str
    method: str
    path: str
    status: str
    received: str


class Member(RunningExtranet):
    """One of several processes on one data root: its own log file (the default one is named
    after the data directory, which they share)."""

    @property
    def log_file(self) -> Path:
        return self.data_dir.parent / f"server-{self.port}.log"

    def requests(self) -> list[AccessLine]:
        """The requests this process served, from its access lines."""
        if not self.log_file.exists():
            return []
        text = self.log_file.read_text(errors="replace")
        return [AccessLine(*found) for found in _ACCESS_LINE.findall(text)]

    def served(self, method: str, path_prefix: str = "/") -> list[AccessLine]:
        """Its requests for ``method`` on paths starting with ``path_prefix``."""
        return [r for r in self.requests() if r.method == method and r.path.startswith(path_prefix)]


def start_members(
    base: Path,
    count: int,
    public_url: str,
    *,
    database: str | None = None,
    **serve_options: object,
) -> list[Member]:
    """``count`` started processes sharing one data root and database (one staff key, user
    ``alice``); ``database`` as for tests/helpers/cluster.py (None: ``NOOMUS_TEST_DATABASE``)."""
    options = {"public_url": public_url, "trusted_proxy": nginx.PROXY_ADDRESS, **serve_options}
    # Not nginx's port: chosen already, but bound only once the processes answer.
    return start_nodes(base, count, Member, database, options, urlsplit(public_url).port)


@dataclass
class Balanced:
    """The processes and nginx in front of them; ``url`` is nginx's (what clients use)."""

    members: list[Member]
    proxy: nginx.RunningNginx

    @property
    def url(self) -> str:
        return self.proxy.url

    @property
    def first(self) -> Member:
        """Any one of them: the data root, staff identity and account are the same for all."""
        return self.members[0]

    def served(
        self, method: str, path_prefix: str, at_least: int
    ) -> list[tuple[Member, AccessLine]]:
        """Every process's requests for ``method`` on paths starting with ``path_prefix``, once
        there are ``at_least`` of them (or after ``LOG_WAIT``): each process writes its access
        lines from a thread, a moment after the answer."""
        deadline = time.monotonic() + LOG_WAIT
        while True:
            found = [(m, line) for m in self.members for line in m.served(method, path_prefix)]
            if len(found) >= at_least or time.monotonic() > deadline:
                return found
            time.sleep(0.05)

    def receiving(self) -> tuple[Member, Path] | None:
        """The process that has an upload's ``.part`` file open (the one receiving it), and
        that file."""
        uploads = self.first.data_dir / "uploads"
        for member in self.members:
            if member.process is None:
                continue
            for fd in Path(f"/proc/{member.process.pid}/fd").iterdir():
                try:
                    target = fd.readlink()
                except OSError:
                    continue  # closed meanwhile
                if target.parent == uploads and target.suffix == ".part":
                    return member, target
        return None


@contextmanager
def _balanced(
    base: Path, throttle: int | None = None, database: str | None = None
) -> Iterator[Balanced]:
    """Three processes behind nginx; with ``throttle`` (bytes per second), nginx reaches each
    process through its own ``FaultProxy`` link of that bandwidth, so that an upload lasts
    long enough for a test to act in the middle of it."""
    port = free_port()
    members: list[Member] = []
    try:
        members = start_members(base, PROCESSES, f"http://127.0.0.1:{port}", database=database)
        with ExitStack() as stack:
            ports = [m.port for m in members]
            if throttle is not None:
                links = [stack.enter_context(FaultProxy(("127.0.0.1", p))) for p in ports]
                for link in links:
                    link.bandwidth = throttle
                ports = [link.port for link in links]
            proxy = stack.enter_context(nginx.RunningNginx(ports, port))
            yield Balanced(members, proxy)
    finally:
        for member in members:
            member.kill()


@pytest.fixture
def balanced(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Balanced]:
    with _balanced(tmp_path_factory.mktemp("cluster")) as cluster:
        yield cluster


@pytest.fixture
def throttled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Balanced]:
    """Like ``balanced``, with 4 MiB/s between nginx and each process."""
    with _balanced(tmp_path_factory.mktemp("cluster"), throttle=4 * 1024 * 1024) as cluster:
        yield cluster


def cli_sign_in(balanced: Balanced) -> list[str]:
    """``noomus-upload login`` through nginx as ``alice`` (the test needs the
    ``secret_keyring`` fixture); returns the options every later command takes."""
    common = ["--server", balanced.url, "-q"]
    server = balanced.first
    signed_in = run_cli(
        [*common, "login", "--username", server.username, "--password-stdin"],
        stdin=server.password + "\n",
        env=KEYRING_ENV,
    )
    assert signed_in.returncode == EXIT_OK, signed_in.stderr
    return common
