"""Fixtures of the chaos suite: a server behind the fault proxy and a signed-in client."""

from __future__ import annotations

import os
import random
import re
import subprocess
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from keyring.backends import SecretService

from noomus_desktop.core.queue import TransferStore
from tests.helpers.chaos import UploadCli, Verdict, audit, find_leaks, kill, random_file
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.keyring import keyring_items
from tests.helpers.server import RunningExtranet

#: Names shorter than this could appear in random ciphertext by chance.
_MIN_NAME = 6
_MAX_NAMES = 200
#: Small chunks and a short stall timeout, so faults surface within seconds; the retry policy
#: is the default one (no attempt budget raised to hide failures).
CLIENT_OPTIONS = ("--chunk-size", "256K", "--stall-timeout", "3")


def _unsettled() -> bool:
    store = TransferStore()
    try:
        return any(not r.state.finished for r in store.transfers())
    finally:
        store.close()


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

    def finish(
        self,
        expected: Mapping[str, str],
        sizes: Mapping[str, int] | None = None,
        failed_ok: Collection[str] = (),
    ) -> Verdict:
        """Audit what the server holds, then check that no secret leaked to disk."""
        out = self.work / "decrypted"
        verdict = audit(self.server, expected, out, sizes=sizes, failed_ok=failed_ok)
        self.check_no_leaks(expected)
        return verdict

    def check_no_leaks(self, relative_paths: Iterable[str]) -> None:
        """No password or token anywhere on disk (but in the keyring); no file name on the
        server or in any log. The client's queue may name files: its history is local."""
        tokens = {
            f"keyring token {i}": token
            for i, secret in enumerate(keyring_items().values())
            for token in re.findall(r"nx[rd]_[A-Za-z0-9_-]+", secret.decode(errors="replace"))
        }
        candidates = [p.rsplit("/", 1)[-1] for p in relative_paths]
        candidates = [name for name in candidates if len(name) >= _MIN_NAME]
        # A leak would show every name; a spread sample keeps 10,000-file scans affordable.
        step = max(1, len(candidates) // _MAX_NAMES)
        names = {f"file name {i}": name for i, name in enumerate(candidates[::step])}
        credentials = {"password": self.server.password, **tokens}
        home = Path(os.environ["NOOMUS_HOME"])
        server_files = [self.server.data_dir, self.server.log_file]
        logs = [home / "logs", self.client.log_file or home / "logs"]
        leaks = find_leaks([*server_files, home, *logs], credentials)
        leaks += find_leaks([*server_files, home / "logs"], names)
        assert not leaks, f"secrets at rest: {leaks}"
        plans = home / "data" / "plans"
        if not _unsettled():  # a transfer's plan (its file key) must go when it settles
            assert not plans.exists() or not any(plans.iterdir()), "plan files left behind"


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


#: Link speed: slow enough that kills land in the middle of transfers.
BANDWIDTH = 12_000_000
TIMEOUT = 180
MIB = 2**20


@dataclass
class Batch:
    """A folder of 1-2 random files (4.5-7 MiB) to drop in one go."""

    folder: Path
    expected: dict[str, str]
    size: int


def make_batch(rig: Rig, label: str, rng: random.Random) -> Batch:
    """Random files above the creation-with-upload size, so faults land among PATCHes."""
    folder = rig.source(label)
    expected, size = {}, 0
    for i in range(rng.randint(1, 2)):
        length = rng.randint(9 * MIB // 2, 7 * MIB)
        expected[f"{label}/part-{i}.bin"] = random_file(folder / f"part-{i}.bin", length, rng)
        size += length
    return Batch(folder, expected, size)


def strike_points(rng: random.Random, total: int, count: int) -> list[int]:
    """``count`` increasing byte counts (as the proxy sees them) at which to strike."""
    return sorted(rng.randint(total // 20, total * 9 // 10) for _ in range(count))


def finish(process: subprocess.Popen[bytes]) -> int:
    """The exit code of a background ``noomus-upload``; killed if it hangs."""
    try:
        return process.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        kill(process)
        raise
