"""``noomus-desktop --demo``: the reference extranet embedded on loopback, with a demo account.

The only place ``noomus_desktop`` imports ``noomus_extranet``, and lazily: a customer build
without the server package still starts (``--demo`` then says it is not available).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from noomus_desktop.core import paths
from noomus_desktop.core.errors import NoomusError


class DemoUnavailableError(NoomusError):
    """This build does not include the reference server."""

    code = "demo_unavailable"

    def __init__(self) -> None:
        super().__init__("The demo server is not part of this installation.")


#: The demo's usual port: one address, so the queue, the saved sign-in and an upload in flight
#: (all kept per server address) are there again at the next start, as for a customer.
DEMO_PORT = 47_815
#: In the demo server's folder: the address it used last (kept when the usual port was taken).
ADDRESS_FILE = "address.txt"


class _Server(Protocol):
    def stop(self) -> None: ...


@dataclass(frozen=True)
class DemoSession:
    """A running demo extranet: where it is, how to sign in, how to stop it."""

    url: str
    username: str
    password: str
    server: _Server

    def stop(self) -> None:
        self.server.stop()


def demo_home() -> Path:
    """The app home for the demo: ``NOOMUS_HOME`` if set, else ``demo`` in the data folder.

    The folder is the same at every start (quitting, restarting, resuming and being remembered
    work in the demo as for a customer) and is exported as ``NOOMUS_HOME`` so the demo's queue,
    settings and single-instance key stay apart from a real installation's.
    """
    existing = os.environ.get(paths.HOME_ENV)
    if existing:
        return Path(existing)
    home = paths.data_dir() / "demo"
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.environ[paths.HOME_ENV] = str(home)
    return home


def _last_port(data: Path) -> int:
    """The port of the address the demo used last, else ``DEMO_PORT``."""
    try:
        return int((data / ADDRESS_FILE).read_text(encoding="utf-8").rsplit(":", 1)[1])
    except (OSError, ValueError, IndexError):
        return DEMO_PORT


def start_demo() -> DemoSession:
    """Start the embedded extranet on its usual loopback port (a free one if taken), its
    data under the demo home; the address is kept there for the next start."""
    try:
        from noomus_extranet.demo import DemoServer  # lazy on purpose
    except ImportError as exc:
        raise DemoUnavailableError() from exc
    data = demo_home() / "demo-server"
    data.mkdir(parents=True, exist_ok=True, mode=0o700)
    server = DemoServer(data)
    url = server.start(port=_last_port(data))
    (data / ADDRESS_FILE).write_text(url + "\n", encoding="utf-8")
    return DemoSession(url, server.username, server.password, server)
