"""Several real ``noomus-extranet serve`` processes on one data directory (one database, one
data root), each on its own port: the cluster of issue 20 without a load balancer.

``cluster_factory(size=2, database=None, **serve_options)`` starts them (``database``: a
``--database`` URL once the server takes one; None = the data directory's SQLite file) and
kills every one at teardown. The nodes are :class:`~tests.helpers.server.RunningExtranet`s
sharing the data directory, staff key and user ``alice`` of the first one; each has its own
port and log file.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers.server import RunningExtranet, free_port, make_extranet


@dataclass
class Cluster:
    nodes: list[RunningExtranet]

    def __getitem__(self, index: int) -> RunningExtranet:
        return self.nodes[index]

    def __len__(self) -> int:
        return len(self.nodes)

    @property
    def db_path(self) -> str:
        return str(self.nodes[0].data_dir / "extranet.sqlite3")

    def query(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        """Read the shared database as an operator would (SQLite for now)."""
        with closing(sqlite3.connect(self.db_path, timeout=30)) as db:
            return list(db.execute(sql, params).fetchall())

    def lease_holder(self, name: str) -> RunningExtranet | None:
        """The node whose process holds lease ``name`` (its owner is ``host:pid:random``)."""
        rows = self.query("SELECT owner FROM leases WHERE name = ?", (name,))
        if not rows:
            return None
        pid = int(str(rows[0][0]).split(":")[1])
        return next((n for n in self.nodes if n.process is not None and n.process.pid == pid), None)

    def kill(self) -> None:
        for node in self.nodes:
            node.kill()


def start_cluster(
    base: Path, size: int, database: str | None, options: dict[str, object]
) -> Cluster:
    """``size`` started processes on one data directory under ``base``."""
    first = make_extranet(base, options)
    first.database = database
    nodes = [first]
    for index in range(1, size):
        port = free_port()
        nodes.append(
            dataclasses.replace(
                first, port=port, url=f"http://127.0.0.1:{port}", instance=f"-{index}"
            )
        )
    cluster = Cluster(nodes)
    try:
        for node in nodes:
            node.start()
    except BaseException:
        cluster.kill()
        raise
    return cluster


@pytest.fixture
def cluster_factory(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[..., Cluster]]:
    """``cluster_factory(size=2, database=None, **serve_options)`` -> a started
    :class:`Cluster`; every process is killed at teardown, even when the test fails."""
    started: list[Cluster] = []

    def factory(size: int = 2, database: str | None = None, **options: object) -> Cluster:
        cluster = start_cluster(tmp_path_factory.mktemp("cluster"), size, database, options)
        started.append(cluster)
        return cluster

    try:
        yield factory
    finally:
        for cluster in started:
            cluster.kill()
