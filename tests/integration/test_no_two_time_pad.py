"""The invariant of ``docs/crypto.md``: for each (file key, payload nonce, chunk counter), at
most one ciphertext ever leaves this machine.

A recording proxy between the client and a real server (@tus/server, and ours) keeps every
PATCH body as it left the client. Each test changes the file in place between two runs,
restoring its size and mtime (``cp -p``, ``rsync -t``, sync clients), and makes the server ask
for bytes again: it loses the tail of the upload, loses the whole upload (404), or the client
is killed with SIGKILL while bytes are in flight. No chunk may then be sent twice under one
plan with different bytes, and what is delivered decrypts to the file's current content.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from noomus_desktop.core.destination import Destination
from noomus_desktop.core.engine import TransferRecord, TransferState
from tests.helpers import agecli
from tests.helpers.peers import Peer, cli_login, extranet_peer, tus_node_peer
from tests.helpers.proc import background_cli, kill9, run_cli
from tests.helpers.recorder import Recorder, running_engine, wait_until
from tests.integration.test_engine_extranet import _signed_in

pytestmark = agecli.requires_age

SIZE = 2 * 1024 * 1024


@pytest.fixture(params=["tus_node", "extranet"])
def peer(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Peer]:
    """@tus/server or our server, behind a recording proxy at 1 MB/s."""
    if request.param == "tus_node":
        with tus_node_peer(request.getfixturevalue("tus_node"), tmp_path) as found:
            yield found
    else:
        server = request.getfixturevalue("extranet")
        with extranet_peer(server, lambda url: _signed_in(url, server)) as found:
            yield found


def _change_in_place(path: Path) -> bytes:
    """New content, same size and mtime: what the size-and-mtime check cannot see."""
    before = path.stat()
    data = os.urandom(before.st_size)
    with path.open("r+b") as file:
        file.write(data)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    return data


def _stored_id(record: TransferRecord) -> str:
    assert record.upload_url is not None
    return record.upload_url.rstrip("/").rsplit("/", 1)[-1]


def _first_run(destination: Destination, path: Path) -> TransferRecord:
    """Send part of ``path``, then stop the engine (a quit mid-transfer)."""
    with running_engine(destination) as (engine, seen):
        engine.add_paths([str(path)])
        wait_until(lambda: any(p[1] > 1_200_000 for p in seen.progress))
    return _last_with_upload(seen)


def _last_with_upload(seen: Recorder) -> TransferRecord:
    return [r for r in seen.changes if r.upload_url][-1]


def _second_run(destination: Destination) -> TransferRecord:
    with running_engine(destination) as (engine, _):
        assert engine.wait_idle(60)
        return engine.snapshot()[0]


def _assert_invariant_and_delivery(peer: Peer, current: bytes, final: TransferState) -> None:
    assert peer.reused_chunks() == [], "a chunk was sent twice under one plan"
    assert final is TransferState.DONE
    assert peer.delivered() == [current]


def _interrupted_changed_resumed(peer: Peer, path: Path, damage: Callable[[str], None]) -> None:
    """Send part, change the file in place, ``damage`` the server's copy, resume; audit."""
    path.write_bytes(os.urandom(SIZE))
    destination = peer.destination()
    first = _first_run(destination, path)
    current = _change_in_place(path)
    damage(_stored_id(first))
    record = _second_run(destination)
    _assert_invariant_and_delivery(peer, current, record.state)


def test_server_losing_the_tail_gets_a_fresh_upload(peer: Peer, tmp_path: Path) -> None:
    """Its HEAD now reports less than it confirmed."""
    _interrupted_changed_resumed(peer, tmp_path / "a.bin", peer.lose_tail)


def test_upload_lost_by_the_server_gets_a_fresh_plan(peer: Peer, tmp_path: Path) -> None:
    """The server answers 404 for it."""
    _interrupted_changed_resumed(peer, tmp_path / "a.bin", peer.lose_upload)


def test_client_killed_with_bytes_in_flight_never_re_sends_them_changed(
    peer: Peer, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    proxy = peer.proxy
    if peer.signs_in:
        request.getfixturevalue("secret_keyring")  # the CLI keeps its session there
        cli_login(request.getfixturevalue("extranet"), peer)
    path = tmp_path / "report.bin"
    # Over the CLI's creation-with-upload size (4 MiB), and long enough that the bytes asked
    # again do not reach the last chunk in one read (where a whole-file hash used to stop it).
    path.write_bytes(os.urandom(6 * SIZE))
    args = ["-q", *peer.cli_options, "send"]
    with background_cli([*args, str(path)], tmp_path / "first.log", peer.cli_env) as process:
        proxy.wait_for(lambda: proxy.bytes_up > 4_500_000)
        # Bytes leave the client but never reach the server: stall the link, let the client
        # push more into it, then kill the client and drop what the link held.
        proxy.stall()
        time.sleep(0.5)
        kill9(process)
    proxy.reset_connections()
    proxy.unstall()
    proxy.bandwidth = None
    current = _change_in_place(path)
    result = run_cli([*args, str(path)], env=peer.cli_env)
    assert peer.reused_chunks() == [], "a chunk was sent twice under one plan"
    assert result.returncode == 0, result.stdout + result.stderr
    assert peer.delivered() == [current]
