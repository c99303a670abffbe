"""The two real servers the two-time-pad audit runs against (``tests/integration/
test_no_two_time_pad.py``), each behind a recording :class:`FaultProxy`, with the damage a
crash or a hostile server can do to an upload: lose its tail (``HEAD`` then reports a lower
offset than it confirmed) or lose it whole (404).

- @tus/server: its file store's bytes are truncated or removed;
- our server: its ``.part`` file and the offset recorded in its database are cut back as a
  crash between an fsync and the next commit could leave them, or the upload is marked gone.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from noomus_desktop.core.account import Account
from noomus_desktop.core.destination import Destination
from noomus_desktop.core.engine import MANIFEST_FOR_KEY
from noomus_extranet.admin import open_database
from tests.helpers import agecli
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.padaudit import reused_chunks
from tests.helpers.proc import run_cli
from tests.helpers.server import RunningExtranet
from tests.helpers.tusnode import RunningTusNode

#: The child process uses the test's private gnome-keyring (its D-Bus address is inherited).
KEYRING_ENV = {"PYTHON_KEYRING_BACKEND": "keyring.backends.SecretService.Keyring"}
#: Where a damaged upload is cut back to.
KEPT = 300_000


@dataclass
class Peer:
    """A server behind ``proxy`` as the client and the audit see it."""

    proxy: FaultProxy
    #: The identity file that decrypts what the server delivered.
    key: Path
    destination: Callable[[], Destination]
    #: ``noomus-upload`` options before ``send`` (and what the CLI needs set up first).
    cli_options: list[str]
    lose_tail: Callable[[str], None]
    lose_upload: Callable[[str], None]
    #: The plaintext of every upload the server holds whole (its deliveries).
    delivered: Callable[[], list[bytes]]
    cli_env: dict[str, str] = field(default_factory=dict)
    #: Our server: the CLI signs in first (:func:`cli_login`), keeping its session in a keyring.
    signs_in: bool = False

    def reused_chunks(self) -> list[tuple[str, int]]:
        """The audit (:func:`~tests.helpers.padaudit.reused_chunks`) of the upload bodies the
        proxy saw (not sign-ins and token refreshes, also POSTs to our server)."""
        uploads = [b for b in self.proxy.bodies if "/uploads/" in b.path or "/files/" in b.path]
        return reused_chunks(uploads)


def _recording(port: int) -> FaultProxy:
    proxy = FaultProxy(("127.0.0.1", port)).start()
    proxy.recording = True
    proxy.bandwidth = 1024 * 1024
    return proxy


@contextmanager
def tus_node_peer(server: RunningTusNode, tmp_path: Path) -> Iterator[Peer]:
    key = tmp_path / "key.txt"
    recipient = agecli.keygen(key)
    with _recording(server.port) as proxy:
        endpoint = proxy.url + "/files/"

        def lose_tail(upload_id: str) -> None:
            os.truncate(server.directory / upload_id, KEPT)

        def lose_upload(upload_id: str) -> None:
            (server.directory / upload_id).unlink()
            (server.directory / f"{upload_id}.json").unlink()

        def delivered() -> list[bytes]:
            found = []
            for info in sorted(server.directory.glob("*.json")):
                stored, described = info.with_suffix(""), json.loads(info.read_text())
                if MANIFEST_FOR_KEY in described["metadata"]:
                    continue  # a manifest's own upload
                if stored.exists() and stored.stat().st_size == described.get("size"):
                    found.append(agecli.decrypt(stored.read_bytes(), key))
            return found

        yield Peer(
            proxy,
            key,
            lambda: Destination.plain_tus(endpoint, [recipient]),
            ["--tus-endpoint", endpoint, "--recipient", recipient],
            lose_tail,
            lose_upload,
            delivered,
        )


@contextmanager
def extranet_peer(server: RunningExtranet, sign_in: Callable[[str], Account]) -> Iterator[Peer]:
    """Our server; ``sign_in(url)`` is an account signed in at ``url`` (the proxy)."""
    with _recording(server.port) as proxy, closing(sign_in(proxy.url)) as account:
        destination = Destination.noomus(account)

        def settled(upload_id: str) -> None:
            """A ``HEAD`` waits for any request still holding the upload (an interrupted
            PATCH recording what it received) and wants the upload to exist."""
            with httpx.Client(base_url=server.url) as client:
                login = {"username": server.username, "password": server.password}
                token = client.post(
                    "/api/v1/auth/login", json={**login, "device_name": "audit"}
                ).json()["access_token"]
                head = client.head(
                    f"/api/v1/uploads/{upload_id}",
                    headers={"Authorization": f"Bearer {token}", "Tus-Resumable": "1.0.0"},
                )
            assert head.status_code == 200 and int(head.headers["Upload-Offset"]) > KEPT

        def rewrite(upload_id: str, sql: str, *values: object) -> None:
            db = open_database(server.data_dir)
            try:
                db.execute(sql, (*values, upload_id))
            finally:
                db.close()

        def lose_tail(upload_id: str) -> None:
            settled(upload_id)
            os.truncate(server.data_dir / "uploads" / f"{upload_id}.part", KEPT)
            rewrite(upload_id, "UPDATE uploads SET offset = ? WHERE id = ?", KEPT)

        def lose_upload(upload_id: str) -> None:
            settled(upload_id)
            rewrite(upload_id, "UPDATE uploads SET state = ? WHERE id = ?", "terminated")
            (server.data_dir / "uploads" / f"{upload_id}.part").unlink()

        def delivered() -> list[bytes]:
            stored = sorted(server.data_dir.glob("inbox/*/*.age"))
            return [agecli.decrypt(p.read_bytes(), server.identity_file) for p in stored]

        yield Peer(
            proxy,
            server.identity_file,
            lambda: destination,
            ["--server", proxy.url],
            lose_tail,
            lose_upload,
            delivered,
            KEYRING_ENV,
            signs_in=True,
        )


def cli_login(server: RunningExtranet, peer: Peer) -> None:
    """Sign ``noomus-upload`` in at the proxy (its session kept in the test's keyring)."""
    result = run_cli(
        [*peer.cli_options, "login", "--username", server.username, "--password-stdin"],
        stdin=server.password + "\n",
        env=peer.cli_env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
