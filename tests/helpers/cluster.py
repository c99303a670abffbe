"""Several real ``noomus-extranet serve`` processes on one data directory (one database, one
data root), each on its own port: the cluster of issue 20 without a load balancer.

``cluster_factory(size=2, database=None, **serve_options)`` starts them (``database``:
``sqlite``, ``postgresql``, or None: ``NOOMUS_TEST_DATABASE`` decides, as for one server) and
kills every one at teardown. The nodes are :class:`~tests.helpers.server.RunningExtranet`s
sharing the data directory, database, staff key and user ``alice`` of the first one; each has
its own port and log file. ``start_nodes`` is the same for tests that want their own node type
(tests/integration/loadbalancer/conftest.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest

from tests.helpers.server import RunningExtranet, free_port, make_extranet


@dataclass
class Cluster:
    nodes: list[RunningExtranet]

    def __getitem__(self, index: int) -> RunningExtranet:
        return self.nodes[index]

    def __len__(self) -> int:
        return len(self.nodes)

    def query(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        """Read the shared database as an operator would, whichever the engine."""
        return [tuple(row[i] for i in range(len(row))) for row in self.nodes[0].sql(sql, params)]

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


Node = TypeVar("Node", bound=RunningExtranet)


def start_nodes(
    base: Path,
    size: int,
    kind: type[Node],
    database: str | None = None,
    options: dict[str, object] | None = None,
    avoid_port: int | None = None,
) -> list[Node]:
    """``size`` processes started at once on one data directory under ``base`` (one
    database, staff key and account), each on its own free port (never ``avoid_port``, one a
    caller chose already but binds later); all are killed if one fails to start."""
    first = make_extranet(base, options or {}, database)
    fields = {f.name: getattr(first, f.name) for f in dataclasses.fields(first)}
    nodes = []
    for index in range(size):
        port = next(p for p in iter(free_port, None) if p != avoid_port)
        url = f"http://127.0.0.1:{port}"
        nodes.append(kind(**fields | {"port": port, "url": url, "instance": f"-{index}"}))
    try:
        with ThreadPoolExecutor(size) as pool:
            list(pool.map(kind.start, nodes))
    except BaseException:
        for node in nodes:
            node.kill()
        raise
    return nodes


def start_cluster(
    base: Path, size: int, database: str | None, options: dict[str, object]
) -> Cluster:
    """``size`` started processes on one data directory under ``base``."""
    return Cluster(start_nodes(base, size, RunningExtranet, database, options))


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
