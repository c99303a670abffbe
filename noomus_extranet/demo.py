"""The embedded demo extranet behind ``noomus-desktop --demo``: a real server in a thread.

It listens on a free loopback port, with a ``demo`` account whose password is generated once
and kept (like its throwaway staff identity) in the demo's own data directory.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import uvicorn

from noomus_extranet.admin import Admin, open_database
from noomus_extranet.config import ServerConfig
from noomus_extranet.server import uvicorn_config

DEMO_USERNAME = "demo"
PASSWORD_FILE = "demo-password.txt"  # noqa: S105 (a file name; the demo keeps it there)
IDENTITY_FILE = "demo-identity.txt"


def prepare_demo(data_dir: Path) -> tuple[str, str]:
    """Create the demo account and staff key once; returns ``(username, password)``."""
    admin = Admin(open_database(data_dir))
    password_file = data_dir / PASSWORD_FILE
    if not admin.db.one("SELECT 1 FROM users WHERE username_key = ?", (DEMO_USERNAME,)):
        password = admin.add_user(
            DEMO_USERNAME, "Demo User", "Demo Company", "demo@example.com", None
        )
        password_file.write_text(password + "\n", encoding="utf-8")
        password_file.chmod(0o600)
    if not (data_dir / IDENTITY_FILE).exists():
        admin.generate_key(data_dir / IDENTITY_FILE)
    return DEMO_USERNAME, password_file.read_text(encoding="utf-8").strip()


class DemoServer:
    """``DemoServer(dir).start() -> url``; ``.stop()``; ``.username``, ``.password``."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.username, self.password = prepare_demo(data_dir)
        self.identity_file = data_dir / IDENTITY_FILE
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def start(self, timeout: float = 10.0, port: int = 0) -> str:
        """Listen on ``port`` of loopback, or on a free one when that is taken (or 0)."""
        sock = _listen(port)
        port = sock.getsockname()[1]
        config = ServerConfig(data_dir=self.data_dir, access_log_stderr=False)
        server = uvicorn.Server(uvicorn_config(config, "127.0.0.1", port))
        self._server = server
        self._thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="noomus-demo-extranet", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the demo extranet did not start")
            time.sleep(0.02)
        return f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)
        self._server = self._thread = None


def _listen(port: int) -> socket.socket:
    """A loopback socket bound to ``port``, falling back to a free port when it is taken."""
    for candidate in dict.fromkeys((port, 0)):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", candidate))
            # Listen at once: two sockets with SO_REUSEADDR may both bind a port nobody listens
            # on yet, and the second demo would then fail to start instead of falling back.
            sock.listen(128)
        except OSError:
            sock.close()
            continue
        return sock
    raise RuntimeError("no loopback port is free for the demo extranet")


def start_demo(data_dir: Path) -> tuple[str, DemoServer]:
    """Convenience: start a demo server; returns its URL and the server (call ``.stop()``)."""
    server = DemoServer(data_dir)
    return server.start(), server
