"""Several real server processes on one database and one data root (tests/helpers/cluster.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from tests.helpers.cluster import Cluster, cluster_factory
from tests.integration.server.conftest import Api, login

__all__ = ["cluster_factory", "sign_in"]


@pytest.fixture
def sign_in() -> Iterator[Callable[[Cluster], list[Api]]]:
    """``sign_in(cluster)``: one sign-in of ``alice`` (through the first process), used at
    every process (tokens live in the shared database); the clients close at teardown."""
    clients: list[httpx.Client] = []

    def factory(cluster: Cluster) -> list[Api]:
        clients.extend(httpx.Client(base_url=node.url, timeout=60.0) for node in cluster.nodes)
        response = login(clients[-len(cluster)], cluster[0].username, cluster[0].password)
        assert response.status_code == 200, response.text
        tokens = response.json()
        return [
            Api(node, client, tokens)
            for node, client in zip(cluster.nodes, clients[-len(cluster) :], strict=True)
        ]

    yield factory
    for client in clients:
        client.close()
