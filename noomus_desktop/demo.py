"""``noomus-desktop --demo``: the reference extranet embedded on loopback, with a demo account.

The only place ``noomus_desktop`` imports ``noomus_extranet``, and lazily: a customer build
without the server package still starts (``--demo`` then says it is not available).
"""

from __future__ import annotations

import os
import tempfile
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
    """The app home for the demo: ``NOOMUS_HOME`` if set, else a fresh temporary folder.

    The folder is exported as ``NOOMUS_HOME`` so the app's queue, settings and single-instance
    key stay apart from a real installation's.
    """
    existing = os.environ.get(paths.HOME_ENV)
    if existing:
        return Path(existing)
    home = Path(tempfile.mkdtemp(prefix="noomus-demo-"))
    os.environ[paths.HOME_ENV] = str(home)
    return home


def start_demo() -> DemoSession:
    """Start the embedded extranet on a free loopback port, its data under the demo home."""
    try:
        from noomus_extranet.demo import DemoServer  # lazy on purpose
    except ImportError as exc:
        raise DemoUnavailableError() from exc
    data = demo_home() / "demo-server"
    data.mkdir(parents=True, exist_ok=True, mode=0o700)
    server = DemoServer(data)
    url = server.start()
    return DemoSession(url, server.username, server.password, server)
