"""Ingest speed of our tus endpoint vs @tus/server (file store), with ``curl -T`` (one PATCH).

Both servers run side by side in the same run on loopback; each gets the same file (1 GiB by
default, ``NOOMUS_BENCH_SIZE`` in bytes to change) starting with the age header, so our
server accepts it. Prints MB/s for both, the ratio, and our server's peak RSS.
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
from tests.helpers.agefake import fake_header

SIZE = int(os.environ.get("NOOMUS_BENCH_SIZE", str(1024**3)))
ROUNDS = int(os.environ.get("NOOMUS_BENCH_ROUNDS", "2"))
ROOT = Path(__file__).resolve().parent
#: The tests' node tus server (one copy for both); run without its request log here.
NODE_SERVER = ROOT.parent / "tests" / "node" / "tus_node_server.mjs"
PASSWORD = "bench-password-123"  # noqa: S105 (a throwaway benchmark account)


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
    """A running server and how to upload one file into it with ``curl -T``."""

    def __init__(
        self, process: subprocess.Popen[bytes], uploads_url: str, headers: dict[str, str]
    ) -> None:
        self.process = process
        self.uploads_url = uploads_url
        self.headers = headers
        self.times: list[float] = []
        self.cpu: list[float] = []

    def upload(self, source: Path, cleanup: Path) -> None:
        location = create(self.uploads_url, self.headers)
        patch_headers = {
            **self.headers,
            "Upload-Offset": "0",
            "Content-Type": "application/offset+octet-stream",
        }
        cpu = cpu_seconds(self.process.pid)
        self.times.append(curl_patch(location, source, patch_headers))
        self.cpu.append(cpu_seconds(self.process.pid) - cpu)
        shutil.rmtree(cleanup)  # keep the disk from filling up between rounds
        cleanup.mkdir()


def start_ours(work: Path) -> Target:
    data = work / "ours"
    admin = Admin(open_database(data))
    admin.add_user("bench", "Bench", "Bench", "b@example.com", PASSWORD)
    # The server refuses age files not encrypted to exactly its registered recipients.
    admin.generate_key(work / "staff-identity.txt")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "noomus_extranet", "--data", str(data), "serve"]
    process = subprocess.Popen(
        [*command, "--port", str(port)], stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL
    )
    wait_for(f"{url}/api/v1/uploads/", process)
    token = httpx.post(
        f"{url}/api/v1/auth/login",
        json={"username": "bench", "password": PASSWORD, "device_name": "bench"},
    ).json()["access_token"]
    headers = {"Tus-Resumable": "1.0.0", "Authorization": f"Bearer {token}"}
    return Target(process, f"{url}/api/v1/uploads/", headers)


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
    return Target(process, url, {"Tus-Resumable": "1.0.0"})


def main() -> None:
    if shutil.which("curl") is None or shutil.which("node") is None:
        print("bench_server: needs curl and node; skipped")
        return
    with tempfile.TemporaryDirectory(prefix="noomus-bench-server-") as tmp:
        work = Path(tmp)
        source = work / "payload.age"
        make_file(source, SIZE)
        ours = node = None
        try:
            ours = start_ours(work)
            node = start_node(work)
            # Interleaved, so both sides see the same (shared, noisy) machine.
            for _ in range(ROUNDS):
                ours.upload(source, work / "ours" / "inbox")
                node.upload(source, work / "node")
            rss = peak_rss_mb(ours.process.pid)
            disk_rate = durable_write_rate(work / "disk-test", SIZE)
            hashing = min(sha256_seconds(source) for _ in range(ROUNDS))
        finally:
            for target in (ours, node):
                if target is not None:
                    stop(target.process)
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


if __name__ == "__main__":
    main()
