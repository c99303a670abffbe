"""Fixtures of the chaos suite: a server behind the fault proxy and a signed-in client."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from keyring.backends import SecretService

from tests.helpers.chaos import UploadCli
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.server import RunningExtranet

#: Small chunks, a short stall timeout and quick backoff: faults surface within seconds.
CLIENT_OPTIONS = ("--chunk-size", "256K", "--stall-timeout", "3", "--retries", "40")


@dataclass
class Rig:
    """One chaos set-up: server, proxy in front of it, client signed in through the proxy."""

    server: RunningExtranet
    proxy: FaultProxy
    client: UploadCli
    work: Path

    def source(self, name: str = "outbox") -> Path:
        folder = self.work / name
        folder.mkdir(parents=True, exist_ok=True)
        return folder


@pytest.fixture
def rig_factory(
    extranet_factory: Callable[..., RunningExtranet],
    secret_keyring: SecretService.Keyring,
    tmp_path: Path,
) -> Iterator[Callable[..., Rig]]:
    """``rig_factory(client_options=..., **serve_options)`` -> a signed-in :class:`Rig`."""
    rigs: list[Rig] = []

    def factory(client_options: tuple[str, ...] = CLIENT_OPTIONS, **serve_options: object) -> Rig:
        server = extranet_factory(**serve_options)
        proxy = FaultProxy(("127.0.0.1", server.port)).start()
        work = tmp_path / f"rig{len(rigs)}"
        work.mkdir()
        client = UploadCli(proxy.url, client_options, log_file=work / "client.log")
        rig = Rig(server, proxy, client, work)
        rigs.append(rig)
        client.login(server.username, server.password)
        return rig

    yield factory
    for rig in rigs:
        rig.client.kill_all()
        rig.proxy.close()


@pytest.fixture
def rig(rig_factory: Callable[..., Rig]) -> Rig:
    return rig_factory()
