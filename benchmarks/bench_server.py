"""Ingest speed of our tus endpoint vs @tus/server (file store), with ``curl -T`` (one PATCH).

Both servers run side by side in the same run on loopback; each gets the same file (1 GiB by
default, ``NOOMUS_BENCH_SIZE`` in bytes to change) starting with the age header, so our
server accepts it. Prints MB/s for both, the ratio, and our server's peak RSS.

A second row sends the same file through nginx (the committed ``deploy/nginx-cluster.conf``,
rendered by ``tests/helpers/nginx.py``) into one process and into three processes sharing one
data root, and prints each one's ratio to the single process reached directly, in the same
run. Those processes share a PostgreSQL database (a real one, started here by
``tests/helpers/postgres.py`` with fsync on, as in production) when PostgreSQL is installed;
``NOOMUS_BENCH_DATABASE=sqlite`` puts them on the data root's SQLite file instead. The direct
process stays on SQLite, the embedded default.
The machine is shared: figures are noisy, compare within one run only.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from noomus_extranet.admin import Admin, open_database
from tests.helpers import nginx, postgres
from tests.helpers.agefake import fake_header
from tests.helpers.server import new_database

SIZE = int(os.environ.get("NOOMUS_BENCH_SIZE", str(1024**3)))
ROUNDS = int(os.environ.get("NOOMUS_BENCH_ROUNDS", "2"))
ROOT = Path(__file__).resolve().parent
#: The tests' node tus server (one copy for both); run without its request log here.
NODE_SERVER = ROOT.parent / "tests" / "node" / "tus_node_server.mjs"
PASSWORD = "bench-password-123"  # noqa: S105 (a throwaway benchmark account)
#: The database of the processes behind nginx: ``postgresql`` or ``sqlite``.
CLUSTER_DATABASE = os.environ.get("NOOMUS_BENCH_DATABASE") or (
    "postgresql" if postgres.available() else "sqlite"
)
#: The cluster row's process counts, and the least ratio to the direct process it aims at.
CLUSTER_SIZES = (1, 3)
CLUSTER_TARGET = 0.9


def make_file(path: Path, size: int) -> None:
    block = os.urandom(1024 * 1024)
    with path.open("wb") as f:
        header = fake_header()  # the server checks the whole age header
        f.write(header)
        remaining = size - len(header)
        while remaining > 0:
            f.write(block[: min(remaining, len(block))])
            remaining -= len(block)


def durable_write_rate(path: Path, size: int) -> float:
    """MB/s of writing ``size`` bytes to the benchmark's disk durably, the way our server does
    (fsyncs running in another thread while the writes go on, one final fsync): what a server
    that makes a delivery durable before it answers can reach at best on this disk (the
    @tus/server file store never fsyncs)."""
    block = os.urandom(4 * 1024 * 1024)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    due, done = threading.Event(), threading.Event()

    def fsync_alongside() -> None:
        while not done.is_set():
            due.wait()
            due.clear()
            os.fsync(fd)

    syncer = threading.Thread(target=fsync_alongside)
    started = time.perf_counter()
    syncer.start()
    try:
        for offset in range(0, size, len(block)):
            os.write(fd, block[: min(len(block), size - offset)])
            if offset % (64 * 1024 * 1024) == 0:
                due.set()
    finally:
        done.set()
        due.set()
        syncer.join()
        os.fsync(fd)
        os.close(fd)
    elapsed = time.perf_counter() - started
    path.unlink()
    return size / 1e6 / elapsed


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited ({process.returncode})")
        try:
            httpx.options(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer")


def curl_patch(location: str, source: Path, headers: dict[str, str]) -> float:
    """One PATCH of the whole file with ``curl -T``; returns seconds."""
    args = ["curl", "-sS", "-f", "-o", "/dev/null", "-X", "PATCH", "-T", str(source)]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    args += ["-H", "Expect:", location]
    started = time.perf_counter()
    subprocess.run(args, check=True)
    return time.perf_counter() - started


def create(uploads_url: str, headers: dict[str, str], size: int = SIZE) -> str:
    response = httpx.post(uploads_url, headers={**headers, "Upload-Length": str(size)})
    response.raise_for_status()
    location = response.headers["Location"]
    return location if location.startswith("http") else str(httpx.URL(uploads_url).join(location))


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process (all its threads) has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def sha256_seconds(path: Path) -> float:
    """CPU-bound time of one SHA-256 over ``path`` (already in the page cache)."""
    digest = hashlib.sha256()
    buffer = memoryview(bytearray(1024 * 1024))
    started = time.perf_counter()
    with path.open("rb", buffering=0) as f:
        while n := f.readinto(buffer):
            digest.update(buffer[:n])
    return time.perf_counter() - started


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Target:
    """Running server processes and how to upload one file into them with ``curl -T``; the
    CPU counted is all the processes'. ``proxy``: the nginx in front of them, if any."""

    def __init__(
        self,
        processes: list[subprocess.Popen[bytes]],
        uploads_url: str,
        headers: dict[str, str],
        proxy: nginx.RunningNginx | None = None,
    ) -> None:
        self.processes = processes
        self.uploads_url = uploads_url
        self.headers = headers
        self.proxy = proxy
        self.times: list[float] = []
        self.cpu: list[float] = []
        self.proxy_cpu: list[float] = []

    def cpu_seconds(self) -> float:
        return sum(cpu_seconds(p.pid) for p in self.processes)

    def proxy_cpu_seconds(self) -> float:
        return sum(cpu_seconds(pid) for pid in self.proxy.worker_pids()) if self.proxy else 0.0

    def upload(self, source: Path, cleanup: Path) -> None:
        location = create(self.uploads_url, self.headers)
        patch_headers = {
            **self.headers,
            "Upload-Offset": "0",
            "Content-Type": "application/offset+octet-stream",
        }
        cpu, proxy_cpu = self.cpu_seconds(), self.proxy_cpu_seconds()
        self.times.append(curl_patch(location, source, patch_headers))
        self.cpu.append(self.cpu_seconds() - cpu)
        self.proxy_cpu.append(self.proxy_cpu_seconds() - proxy_cpu)
        shutil.rmtree(cleanup)  # keep the disk from filling up between rounds
        cleanup.mkdir()

    def stop(self) -> None:
        for process in self.processes:
            stop(process)
        if self.proxy is not None:
            self.proxy.stop()


def prepare_data(data: Path, identity: Path, database: str | None = None) -> None:
    """A data root with the benchmark's account and a staff key (the server refuses age files
    not encrypted to exactly its registered recipients)."""
    admin = Admin(open_database(data, database))
    try:
        admin.add_user("bench", "Bench", "Bench", "b@example.com", PASSWORD)
        admin.generate_key(identity)
    finally:
        admin.db.close()


def start_server(
    data: Path, port: int, database: str | None = None, *serve_args: str
) -> subprocess.Popen[bytes]:
    url = ["--database", database] if database else []
    command = [sys.executable, "-m", "noomus_extranet", *url, "--data", str(data), "serve"]
    return subprocess.Popen(
        [*command, "--port", str(port), *serve_args],
        stderr=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
    )


def signed_in(
    url: str, processes: list[subprocess.Popen[bytes]], proxy: nginx.RunningNginx | None = None
) -> Target:
    token = httpx.post(
        f"{url}/api/v1/auth/login",
        json={"username": "bench", "password": PASSWORD, "device_name": "bench"},
    ).json()["access_token"]
    headers = {"Tus-Resumable": "1.0.0", "Authorization": f"Bearer {token}"}
    return Target(processes, f"{url}/api/v1/uploads/", headers, proxy)


def start_ours(work: Path) -> Target:
    data = work / "ours"
    prepare_data(data, work / "staff-identity.txt")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = start_server(data, port)
    wait_for(f"{url}/api/v1/uploads/", process)
    return signed_in(url, [process])


def start_cluster(work: Path, count: int) -> Target:
    """``count`` processes on one data root (``work/cluster-COUNT``) behind nginx."""
    data = work / f"cluster-{count}"
    database = new_database(CLUSTER_DATABASE)
    prepare_data(data, work / f"staff-identity-{count}.txt", database)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proxy_args = ["--public-url", url, "--trusted-proxy", nginx.PROXY_ADDRESS]
    ports = [free_port() for _ in range(count)]
    processes = [start_server(data, p, database, *proxy_args) for p in ports]
    proxy = None
    try:
        for p, process in zip(ports, processes, strict=True):
            # Any answer: a direct request names the wrong host (421).
            wait_for(f"http://127.0.0.1:{p}/api/v1/uploads/", process)
        proxy = nginx.RunningNginx(ports, port)
        proxy.start()
        return signed_in(url, processes, proxy=proxy)
    except BaseException:
        Target(processes, url, {}, proxy).stop()
        raise


def start_node(work: Path) -> Target:
    store = work / "node"
    store.mkdir()
    process = subprocess.Popen(
        ["node", str(NODE_SERVER), str(store), "0"],  # no log file: nothing slows it
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdout is not None
    port = json.loads(process.stdout.readline())["port"]
    url = f"http://127.0.0.1:{port}/files"
    wait_for(url, process)
    return Target([process], url, {"Tus-Resumable": "1.0.0"})


def main() -> None:
    # A benchmark measures PostgreSQL as it runs in production (the tests run it without).
    os.environ.setdefault("NOOMUS_TEST_PG_FSYNC", "on")
    if shutil.which("curl") is None or shutil.which("node") is None:
        print("bench_server: needs curl and node; skipped")
        return
    with tempfile.TemporaryDirectory(prefix="noomus-bench-server-") as tmp:
        work = Path(tmp)
        source = work / "payload.age"
        make_file(source, SIZE)
        ours = node = None
        clusters: dict[int, Target] = {}
        try:
            ours = start_ours(work)
            node = start_node(work)
            for count in CLUSTER_SIZES if nginx.available() else ():
                clusters[count] = start_cluster(work, count)
            # Interleaved, so every target sees the same (shared, noisy) machine, and each
            # round starts with another one (the one after a large write waits for its
            # writeback).
            rounds = [
                (ours, work / "ours" / "inbox"),
                (node, work / "node"),
                *((c, work / f"cluster-{n}" / "inbox") for n, c in clusters.items()),
            ]
            for index in range(ROUNDS):
                start = index % len(rounds)
                for contender, cleanup in rounds[start:] + rounds[:start]:
                    contender.upload(source, cleanup)
            rss = peak_rss_mb(ours.processes[0].pid)
            disk_rate = durable_write_rate(work / "disk-test", SIZE)
            hashing = min(sha256_seconds(source) for _ in range(ROUNDS))
        finally:
            for target in (ours, node, *clusters.values()):
                if target is not None:
                    target.stop()
    mb = SIZE / 1e6
    ours_rate, node_rate = mb / min(ours.times), mb / min(node.times)
    print(f"upload of {SIZE / 1024**2:.0f} MiB with curl -T, best of {ROUNDS}:")
    print(f"  noomus-extranet : {ours_rate:8.1f} MB/s  (peak RSS {rss:.0f} MB)")
    print(f"  @tus/server     : {node_rate:8.1f} MB/s  (never fsyncs)")
    print(f"  disk, durably   : {disk_rate:8.1f} MB/s  (writes with fsyncs alongside)")
    print(
        f"  ratio (ours / @tus/server): {ours_rate / node_rate:.2f}  (target >= 1.0, RSS < 150 MB)"
    )
    print(
        f"  server CPU per upload: noomus-extranet {min(ours.cpu):.2f} s, of which the SHA-256 of"
        f" the stored bytes (the delivery record's, which @tus/server does not compute) takes"
        f" {hashing:.2f} s alone; @tus/server {min(node.cpu):.2f} s"
    )
    if not clusters:
        print("  through nginx: nginx is not installed; skipped")
    database = CLUSTER_DATABASE
    for count, cluster in clusters.items():
        rate = mb / min(cluster.times)
        print(
            f"  through nginx, {count} process{'es' if count > 1 else ''} ({database}):"
            f" {rate:8.1f} MB/s, ratio to the direct process: {rate / ours_rate:.2f}"
            f" (target >= {CLUSTER_TARGET}); CPU per upload: servers {min(cluster.cpu):.2f} s,"
            f" nginx {min(cluster.proxy_cpu):.2f} s"
        )


if __name__ == "__main__":
    main()
