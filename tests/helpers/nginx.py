"""A real nginx (Debian's package) in front of server processes, from the committed config.

``render_cluster_config`` turns ``deploy/nginx-cluster.conf`` into a complete nginx
configuration for a test: the upstream lists the test's ports (keeping the committed
parameters), the public side listens on 127.0.0.1 on a free port, with a test certificate or
without TLS (the client allows plain HTTP on loopback only, which this is), and every path nginx
writes (pid, logs, temporary files) is in the test's own directory. Everything else is the
committed text, so a test through ``RunningNginx`` tests the file an administrator installs.

Two changes come from the test running everything on one machine:

- ``Host`` carries the port (``$host:$server_port``): the public port is not the default 443,
  and the servers check the Host against their ``--public-url``;
- nginx connects to the processes from ``PROXY_ADDRESS`` (127.0.0.2, ``proxy_bind``): the test's
  client is on loopback too, so the processes trust only 127.0.0.2 and can still tell the
  proxy from the client (127.0.0.1, or another loopback address a test binds).

As root, the workers run as ``nobody`` (the master needs root only to open its files); the
directory is outside pytest's private (0700) temporary tree so that they can reach it.
nginx is stopped at exit, even when the test fails.
"""

from __future__ import annotations

import grp
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import pytest

from tests.helpers.tls import CertPair

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DEPLOY_CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "nginx-cluster.conf"
#: The address nginx talks to the processes from: their one ``--trusted-proxy``.
PROXY_ADDRESS = "127.0.0.2"
START_TIMEOUT = 10.0
_TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def available() -> bool:
    return Path(NGINX).exists()


requires_nginx = pytest.mark.skipif(
    not available(), reason="nginx is not installed (scripts/bootstrap.sh installs it)"
)


def _upstream(text: str, ports: list[int]) -> str:
    """The upstream's ``server`` lines replaced by one per port, with the first line's
    parameters (``max_fails``, ``fail_timeout``)."""
    lines = re.findall(r"^( *)server 127\.0\.0\.1:\d+(.*);\n", text, re.MULTILINE)
    assert lines, "the committed upstream lists its processes"
    indent, parameters = lines[0]
    new = "".join(f"{indent}server 127.0.0.1:{port}{parameters};\n" for port in ports)
    text = re.sub(r"^ *server 127\.0\.0\.1:\d+.*;\n", "", text, count=len(lines) - 1, flags=re.M)
    return re.sub(r"^ *server 127\.0\.0\.1:\d+.*;\n", new, text, count=1, flags=re.MULTILINE)


def render_cluster_config(
    prefix: Path,
    upstream_ports: list[int],
    port: int,
    certificate: CertPair | None = None,
    source: Path = DEPLOY_CONFIG,
) -> str:
    """A whole nginx.conf for ``nginx -p prefix`` (see the module docstring); ``source`` may
    be deploy/nginx.conf (one process, no upstream: ``upstream_ports`` is then empty)."""
    text = source.read_text()
    if upstream_ports:
        text = _upstream(text, upstream_ports)
    # The port-80 redirect: tests have no port 80 (and a system nginx may hold it).
    text, redirects = re.subn(r"server \{\s*listen 80;.*?\n\}\n", "", text, flags=re.DOTALL)
    assert redirects == 1
    text = re.sub(r"^ *listen \[::\]:443 .*\n", "", text, flags=re.MULTILINE)
    if certificate is None:
        text = re.sub(r"^ *ssl_.*\n", "", text, flags=re.MULTILINE)
        listen = f"listen 127.0.0.1:{port};"
    else:
        text = text.replace(
            "ssl_certificate /etc/letsencrypt/live/extranet.example.com/fullchain.pem;",
            f"ssl_certificate {certificate.cert};",
        ).replace(
            "ssl_certificate_key /etc/letsencrypt/live/extranet.example.com/privkey.pem;",
            f"ssl_certificate_key {certificate.key};",
        )
        listen = f"listen 127.0.0.1:{port} ssl http2;"
    text, listens = re.subn(r"listen 443 ssl http2;", listen, text)
    text, hosts = re.subn(
        r"proxy_set_header Host \$host;",
        f"proxy_set_header Host $host:$server_port;\n    proxy_bind {PROXY_ADDRESS};",
        text,
    )
    assert (listens, hosts) == (1, 1), "the committed config changed shape: update the renderer"
    temp = "".join(f"    {name}_temp_path {prefix / 'temp' / name};\n" for name in _TEMP_PATHS)
    user = f"user nobody {grp.getgrgid(65534).gr_name};\n" if os.geteuid() == 0 else ""
    return (
        f"{user}worker_processes 1;\npid {prefix / 'nginx.pid'};\n"
        f"error_log {prefix / 'error.log'} info;\n"
        "events {\n    worker_connections 512;\n}\n"
        f"http {{\n    access_log {prefix / 'access.log'};\n{temp}\n{text}}}\n"
    )


def check_config(config_for: Callable[[Path], str]) -> subprocess.CompletedProcess[str]:
    """``nginx -t`` on ``config_for(prefix)`` (a whole configuration) in a throwaway prefix."""
    with tempfile.TemporaryDirectory(prefix="noomus-nginx-check-") as tmp:
        (Path(tmp) / "temp").mkdir()
        conf = Path(tmp) / "nginx.conf"
        conf.write_text(config_for(Path(tmp)))
        return subprocess.run(
            [NGINX, "-t", "-p", tmp, "-c", str(conf), "-e", str(Path(tmp) / "error.log")],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )


class RunningNginx:
    """nginx (``daemon off``, in its own process group) on 127.0.0.1:``port`` in front of
    ``upstream_ports``; a context manager that stops it, whatever happened."""

    def __init__(self, upstream_ports: list[int], port: int) -> None:
        self.upstream_ports = upstream_ports
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.prefix = Path(tempfile.mkdtemp(prefix="noomus-nginx-"))
        self.prefix.chmod(0o711)  # the workers (nobody) reach their temporary files
        self.conf = self.prefix / "nginx.conf"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def error_log(self) -> Path:
        return self.prefix / "error.log"

    def start(self) -> None:
        (self.prefix / "temp").mkdir(mode=0o711)
        self.conf.write_text(render_cluster_config(self.prefix, self.upstream_ports, self.port))
        with (self.prefix / "stderr.log").open("wb") as out:
            command = [NGINX, "-p", str(self.prefix), "-c", str(self.conf)]
            self.process = subprocess.Popen(
                [*command, "-e", str(self.error_log), "-g", "daemon off;"],
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited at start:\n{self.log_tail()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"nginx did not start in time:\n{self.log_tail()}")

    def stop(self) -> None:
        """Fast shutdown (SIGTERM: the master stops its workers); SIGKILL to the whole process
        group if it lingers. The directory goes too."""
        if self.process is not None:
            if self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(self.process.pid, signal.SIGKILL)
                    self.process.wait()
            self.process = None
        shutil.rmtree(self.prefix, ignore_errors=True)

    def worker_pids(self) -> list[int]:
        """The master's children: the worker processes that move the bytes."""
        if self.process is None:
            return []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def kill(self) -> None:
        """SIGKILL the master and its workers (a crash of the load balancer); ``stop`` still
        removes the directory."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            self.process = None

    def log_tail(self) -> str:
        return "\n".join(
            path.read_text(errors="replace")[-3000:]
            for path in (self.prefix / "stderr.log", self.error_log)
            if path.exists()
        )

    def __enter__(self) -> RunningNginx:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
