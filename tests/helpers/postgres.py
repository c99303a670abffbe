"""A real PostgreSQL (Debian's ``postgresql`` package) started by the tests, one per process.

``cluster()`` starts it on first use in this process (so one per xdist worker) in a fresh
temporary folder and stops it when the process exits, even after a failure; as root (CI) it
runs as ``nobody``, since ``initdb`` and ``postgres`` refuse root. It listens on a Unix socket in
its folder (the superuser ``postgres``, trusted: the tests' own administration) and on
127.0.0.1 with SCRAM passwords for the role ``noomus``, which the servers under test use, so
a password really travels in their ``--database`` URL. ``new_database()`` gives each server
its own empty database (``CREATE DATABASE``). ``fsync=off``: the tests exercise the service's
logic, not PostgreSQL's durability, and the two cores are shared (``NOOMUS_TEST_PG_FSYNC=on``,
which benchmarks/bench_server.py sets, turns it on).
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg

from tests.helpers.server import free_port

BIN = Path("/usr/lib/postgresql/15/bin")
ROLE = "noomus"
#: Secret-looking on purpose: tests check that it never appears in logs or output.
PASSWORD = "pg-Secr3t-never-printed"
_names = itertools.count()


def available() -> bool:
    return (BIN / "postgres").exists()


def _as_owner(command: list[str]) -> list[str]:
    return ["runuser", "-u", "nobody", "--", *command] if os.geteuid() == 0 else command


@dataclass
class Cluster:
    folder: Path
    port: int
    process_id: int = os.getpid()

    @property
    def socket_dir(self) -> Path:
        return self.folder

    def admin_conninfo(self, dbname: str = "postgres") -> str:
        return f"host={self.socket_dir} port={self.port} user=postgres dbname={dbname}"

    def url(self, dbname: str, password: str = PASSWORD) -> str:
        return f"postgresql://{ROLE}:{password}@127.0.0.1:{self.port}/{dbname}"

    def new_database(self) -> str:
        """A new empty database owned by ``noomus``; returns its URL (password included)."""
        name = f"t{os.getpid()}_{next(_names)}"
        with psycopg.connect(self.admin_conninfo(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name} OWNER {ROLE}")
        return self.url(name)

    def end_connections(self, url: str) -> None:
        """End every connection to ``url``'s database, as a restart of the server would, and
        wait until they are gone (their clients have been told: the server's end is closed)."""
        with psycopg.connect(self.admin_conninfo(), autocommit=True) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity"
                " WHERE datname = %s AND pid != pg_backend_pid()",
                (url.rsplit("/", 1)[1],),
            )

    @contextlib.contextmanager
    def stopped(self) -> Iterator[None]:
        """PostgreSQL stopped (``pg_ctl stop -m fast``: every client's connection is ended)
        for the ``with`` block, then started again on the same port and data."""
        _pg_ctl(self, "-m", "fast", "stop")
        try:
            yield
        finally:
            _pg_ctl(self, "-o", self.options(), "-w", "-t", "60", "start")

    def options(self) -> str:
        """The server's command-line options."""
        return (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder}"
            f" -c fsync={os.environ.get('NOOMUS_TEST_PG_FSYNC', 'off')}"
            " -c max_connections=300 -c shared_buffers=32MB"
        )

    def stop(self) -> None:
        if os.getpid() != self.process_id:
            return  # a forked child: the cluster is its parent's
        _pg_ctl(self, "-m", "immediate", "stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


_cluster: Cluster | None = None


def cluster() -> Cluster:
    """This process's cluster, started on first use."""
    global _cluster
    if _cluster is None:
        _cluster = _start()
        atexit.register(_cluster.stop)
    return _cluster


def _start() -> Cluster:
    folder = Path(tempfile.mkdtemp(prefix="noomus-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "nobody", "nogroup")
    password_file = folder / "pw"
    password_file.write_text(PASSWORD + "\n")
    if os.geteuid() == 0:
        shutil.chown(password_file, "nobody", "nogroup")
    port = free_port()
    started = Cluster(folder, port)
    try:
        subprocess.run(
            _as_owner(
                [
                    str(BIN / "initdb"),
                    "-D",
                    str(folder / "data"),
                    "-U",
                    "postgres",
                    "--auth-local=trust",
                    "--auth-host=scram-sha-256",
                    f"--pwfile={password_file}",
                    "--no-sync",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ]
            ),
            capture_output=True,
            timeout=120,
            check=True,
        )
        _pg_ctl(started, "-o", started.options(), "-w", "-t", "60", "start")
        with psycopg.connect(started.admin_conninfo(), autocommit=True) as conn:
            conn.execute(f"CREATE ROLE {ROLE} LOGIN PASSWORD '{PASSWORD}'")
    except BaseException:
        started.stop()
        raise
    return started


def _pg_ctl(cluster: Cluster, *args: str, check: bool = True) -> None:
    subprocess.run(
        _as_owner(
            [
                str(BIN / "pg_ctl"),
                "-D",
                str(cluster.folder / "data"),
                "-l",
                str(cluster.folder / "log"),
                *args,
            ]
        ),
        capture_output=True,
        timeout=120,
        check=check,
    )
