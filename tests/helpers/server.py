"""The real extranet as a test peer: ``noomus-extranet serve`` in a subprocess on loopback.

Fixtures: ``extranet`` (a fresh server per test) and ``extranet_factory(**serve_options)``
(e.g. ``extranet_factory(access_token_ttl=2, upload_expiry=3)``); ``module_extranet_factory``
for servers shared by a module's tests. Each server has its own
data directory, a staff key whose identity file lives *outside* it, and a user ``alice``.
Every process started here is killed at teardown, even when the test fails.

The database is SQLite in the data directory, or a fresh database of a real PostgreSQL
(tests/helpers/postgres.py) with ``extranet_factory(database="postgresql")``, or for every
server these helpers start when ``NOOMUS_TEST_DATABASE=postgresql`` (the second pass of
scripts/test.sh).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from noomus_extranet.admin import Admin, open_database
from noomus_extranet.db import Database, Row
from noomus_extranet.dburl import parse_database_url

#: How long a server may take to answer after its start: generous, because a loaded 2-core
#: machine starting three processes at once (the cluster tests) took over 20 s to import.
#: Only a failure waits this long.
START_TIMEOUT = 60.0
#: ``postgresql``: every server started here uses PostgreSQL (default ``sqlite``).
DATABASE_ENV = "NOOMUS_TEST_DATABASE"


def on_postgres() -> bool:
    """Whether the servers of this test run use PostgreSQL (``NOOMUS_TEST_DATABASE``)."""
    return os.environ.get(DATABASE_ENV, "sqlite") == "postgresql"


#: For a test that reads or damages the SQLite file itself: skipped on the PostgreSQL pass.
sqlite_only = pytest.mark.skipif(
    os.environ.get(DATABASE_ENV, "sqlite") == "postgresql",
    reason="reads or changes the SQLite file itself",
)


def new_database(kind: str | None = None) -> str | None:
    """A ``--database`` URL for a new server: None (SQLite in its data directory) or a new,
    migrated PostgreSQL database. ``kind``: ``sqlite``, ``postgresql`` or None (the
    environment's choice)."""
    if kind is None:
        kind = "postgresql" if on_postgres() else "sqlite"
    if kind == "sqlite":
        return None
    if kind != "postgresql":
        raise ValueError(f"unknown test database {kind!r}")
    from tests.helpers.postgres import cluster

    url = cluster().new_database()
    db = Database(parse_database_url(url, Path("/nonexistent")), check=False)
    try:
        db.migrate()
    finally:
        db.close()
    return url


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _option_args(options: dict[str, object]) -> list[str]:
    args: list[str] = []
    for name, value in options.items():
        flag = "--" + name.replace("_", "-")
        if value is True:
            args.append(flag)
        elif value not in (False, None):
            args += [flag, str(value)]
    return args


@contextmanager
def _admin(data_dir: Path, database: str | None = None) -> Iterator[Admin]:
    admin = Admin(open_database(data_dir, database))
    try:
        yield admin
    finally:
        admin.db.close()


@dataclass
class RunningExtranet:
    url: str
    data_dir: Path
    identity: str
    identity_file: Path
    recipient: str
    username: str = "alice"
    password: str = "alice-password-123"
    port: int = 0
    serve_options: dict[str, object] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None
    #: What runs ``noomus-extranet``: ``python *launcher --data ... serve ...``.
    launcher: tuple[str, ...] = ("-m", "noomus_extranet")
    #: Names this process among several on one data directory (tests/helpers/cluster.py).
    instance: str = ""
    #: ``--database URL`` (None: the data directory's own SQLite file).
    database: str | None = None

    def sql(self, statement: str, params: tuple[object, ...] = ()) -> list[Row]:
        """Run one statement on this server's database, whichever the engine (``?``
        placeholders, ``"offset"`` quoted); returns its rows (none for a change)."""
        with _admin(self.data_dir, self.database) as admin:
            cursor = admin.db.execute(statement, params)
            return list(cursor.fetchall()) if cursor.description else []

    def open_admin(self) -> Admin:
        """An ``Admin`` on this server's database, in this process (close its ``db``)."""
        return Admin(open_database(self.data_dir, self.database))

    @property
    def log_file(self) -> Path:
        """The server's stdout and stderr (uvicorn messages, access log)."""
        return self.data_dir.parent / f"{self.data_dir.name}-server{self.instance}.log"

    @property
    def global_args(self) -> list[str]:
        """``--data DIR`` and, when set, ``--database URL``: before the subcommand."""
        database = [] if self.database is None else ["--database", self.database]
        return ["--data", str(self.data_dir), *database]

    def wait_for_first_purge(self, timeout: float = 30.0) -> None:
        """Until the leader's purge at start is over (its audit line): a test that prepares
        files for its own ``purge`` must not have the server's take them first (it runs once a
        process leads, a moment after start)."""
        audit = self.data_dir / "logs" / "audit.log"
        deadline = time.monotonic() + timeout
        while not audit.exists() or '"event": "purge"' not in audit.read_text():
            assert time.monotonic() < deadline, "the server never purged at start"
            time.sleep(0.05)

    def admin(self, *args: str, stdin: str | None = None) -> str:
        """Run ``noomus-extranet --data DIR *args``; return stdout, raise on failure."""
        result = subprocess.run(
            [sys.executable, "-m", "noomus_extranet", *self.global_args, *args],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"noomus-extranet {' '.join(args)} failed: {result.stderr}")
        return result.stdout

    def add_user(self, username: str, password: str) -> None:
        """Create a user in-process (fast); passwords need at least 12 characters."""
        with _admin(self.data_dir, self.database) as admin:
            admin.add_user(
                username,
                f"{username.title()} Tester",
                "Test Company",
                f"{username}@example.com",
                password,
            )

    def start(self) -> None:
        """(Re)start on the same port and data directory; wait until the server answers."""
        if self.process is not None and self.process.poll() is None:
            raise RuntimeError("the server is already running")
        command = [
            sys.executable,
            *self.launcher,
            *self.global_args,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            *_option_args(self.serve_options),
        ]
        with self.log_file.open("ab") as log:
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the extranet exited at start:\n{self._log_tail()}")
            try:
                # Any answer will do: with --public-url or --trusted-proxy it is a 421 or 400.
                httpx.get(f"{self.url}/api/v1/info", timeout=1.0)
                return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"the extranet did not start in time:\n{self._log_tail()}")

    def stop(self) -> None:
        """Graceful stop (SIGTERM), then SIGKILL if it lingers."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def kill(self) -> None:
        """SIGKILL the server, as a crash would."""
        if self.process is None:
            return
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.process = None

    def _log_tail(self) -> str:
        try:
            return self.log_file.read_text(errors="replace")[-4000:]
        except OSError:
            return "(no log)"


def make_extranet(
    base: Path, options: dict[str, object], database: str | None = None
) -> RunningExtranet:
    """A server (not started) with its data directory and staff key under ``base``;
    ``database``: ``sqlite``, ``postgresql`` or None (``NOOMUS_TEST_DATABASE`` decides)."""
    data_dir = base / "data"
    url = new_database(database)
    identity_file = base / "staff" / "staff-identity.txt"
    identity_file.parent.mkdir(mode=0o700)
    with _admin(data_dir, url) as admin:
        recipient = admin.generate_key(identity_file)
    identity = next(
        line for line in identity_file.read_text().splitlines() if line.startswith("AGE-SECRET")
    )
    port = free_port()
    server = RunningExtranet(
        url=f"http://127.0.0.1:{port}",
        data_dir=data_dir,
        identity=identity,
        identity_file=identity_file,
        recipient=recipient,
        port=port,
        serve_options=options,
        database=url,
    )
    server.add_user(server.username, server.password)
    return server


@contextmanager
def _servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., RunningExtranet]]:
    """A factory of started servers, every one of them killed on exit."""
    started: list[RunningExtranet] = []

    def factory(database: str | None = None, **serve_options: object) -> RunningExtranet:
        server = make_extranet(tmp_path_factory.mktemp("extranet"), serve_options, database)
        started.append(server)
        server.start()
        return server

    try:
        yield factory
    finally:
        for server in started:
            server.kill()


@pytest.fixture
def extranet_factory(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[..., RunningExtranet]]:
    with _servers(tmp_path_factory) as factory:
        yield factory


@pytest.fixture(scope="module")
def module_extranet_factory(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[..., RunningExtranet]]:
    """Like ``extranet_factory``, but its servers serve every test of a module (a start costs
    seconds: a key, a password hash, the web stack)."""
    with _servers(tmp_path_factory) as factory:
        yield factory


@pytest.fixture
def extranet(extranet_factory: Callable[..., RunningExtranet]) -> RunningExtranet:
    return extranet_factory()
