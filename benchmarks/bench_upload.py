"""Upload speed: ``noomus-upload`` (encrypting on the fly) vs tus-js-client (plaintext).

Both send into the same @tus/server (file store) on loopback, in the same run:

1. one large file (``NOOMUS_BENCH_SIZE`` bytes, default 1 GiB): MB/s of each, the ratio
   (target >= 1.0), the CPU seconds per GiB of each process, the peak RSS of ``noomus-upload``
   (target < 150 MB), and the time from handing the file to the engine to its first byte
   reaching the server (target < 0.3 s: delivery format 2 streams, with no pass over the file
   before sending). Also the time the server itself needs to take in the bytes (``curl -T``,
   one PATCH, next to no client CPU): no client can beat it;
2. 1,000 files of 16 KiB through a proxy adding 20 ms of round trip (``NOOMUS_BENCH_FILES``):
   files/s of ``noomus-upload`` (8 transfers at a time: 3 lanes and 5 small-file lanes;
   creation-with-upload) vs tus-js-client sending them one after another, and the ratio
   (target >= 4, issue 13).

Wall time of each whole process (start-up included, as a user sees it); the large file is
sent ``NOOMUS_BENCH_ROUNDS`` (2) times by each, interleaved after a warm-up upload, best kept.
The machine is shared and small: figures are noisy, compare the ratio of one run rather than
absolute numbers.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import blake3

from benchmarks.bench_server import cpu_seconds, create, curl_patch
from noomus_desktop.core.crypto.stream import CHUNK_SIZE, ENCRYPTED_CHUNK_SIZE, ChunkSealer
from noomus_desktop.core.destination import Destination
from noomus_desktop.core.engine import NullObserver, TransferEngine, TransferStore
from tests.helpers.tusnode import NODE, RunningTusNode

HERE = Path(__file__).parent
TUS_JS_SENDER = HERE / "tus_js_send.mjs"
UPLOAD_CLI = Path(sys.executable).with_name("noomus-upload")
MIB = 1024 * 1024
ROUNDS = int(os.environ.get("NOOMUS_BENCH_ROUNDS", "2"))


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "NOOMUS_HOME": str(home)}


def _peak_rss(pid: int) -> int:
    """The process's own high-water mark (``VmHWM``, bytes) so far; 0 once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (bytes) and CPU seconds (user + system) of a process; fails
    loudly if it fails.

    The peak is the program's own ``VmHWM``, read every 20 ms while it runs: the
    ``ru_maxrss`` that ``wait4`` reports keeps the high-water mark of the process it was
    forked from, so it showed this benchmark's own size (313 MB once, after the in-process
    first-byte run) instead of the client's (about 60-90 MB).
    """
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    peak = 0
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.wait(0.02):
            peak = max(peak, _peak_rss(process.pid))

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        _, status, usage = os.wait4(process.pid, 0)
    finally:
        done.set()
        watcher.join()
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{command[0]} failed with exit code {process.returncode}")
    return elapsed, peak, usage.ru_utime + usage.ru_stime


def _required_crypto_cpu(size: int) -> float:
    """CPU seconds of the cryptography ``noomus-upload`` must do for ``size`` bytes and
    tus-js-client does not, measured here on one thread from memory (no reading, no
    sending): ChaCha20-Poly1305 in 64 KiB chunks (``ChunkSealer``), the plaintext's SHA-256
    (the receipt) and the ciphertext's BLAKE3 (the manifest's binding on a plain tus server).
    """
    batch = 128
    plain = memoryview(os.urandom(batch * CHUNK_SIZE))
    sealed = memoryview(bytearray(batch * ENCRYPTED_CHUNK_SIZE))
    sealer = ChunkSealer(os.urandom(16), os.urandom(16))
    receipt, binding = hashlib.sha256(), blake3.blake3()
    start = time.process_time()
    for counter in range(0, size // CHUNK_SIZE, batch):
        receipt.update(plain)
        sealer.seal_batch(counter, False, plain, sealed)
        binding.update(sealed)
    return time.process_time() - start


def _first_byte(server: RunningTusNode, path: Path, recipient: str, home: Path) -> float:
    """Seconds from handing ``path`` to an engine (in this process) to the first byte of it
    stored by the server (its file store writes bytes as they arrive)."""
    os.environ["NOOMUS_HOME"] = str(home)
    store = TransferStore()
    destination = Destination.plain_tus(server.endpoint, [recipient])
    engine = TransferEngine(store, destination, NullObserver())
    engine.start()
    try:
        started = time.perf_counter()
        engine.add_paths([str(path)])
        while not any(
            p.suffix != ".json" and p.stat().st_size > 0 for p in server.directory.iterdir()
        ):
            if time.perf_counter() - started > 30:
                raise RuntimeError("no byte reached the server in 30 s")
            time.sleep(0.002)
        return time.perf_counter() - started
    finally:
        engine.shutdown(wait=True)
        store.close()


def _bare_ingest(server: RunningTusNode, path: Path) -> float:
    """Seconds the server needs to take in the file from ``curl -T`` (one PATCH)."""
    headers = {"Tus-Resumable": "1.0.0"}
    location = create(server.endpoint, headers, path.stat().st_size)
    return curl_patch(
        location,
        path,
        {**headers, "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"},
    )


def _forget_uploads(server: RunningTusNode) -> None:
    """Delete the finished uploads and flush the disk, so that no contender pays for the
    writeback of the one before (or of the test file just written)."""
    for path in server.directory.iterdir():
        path.unlink()
    os.sync()


def _recipient(tmp: Path) -> str:
    key = tmp / "key.txt"
    subprocess.run(["age-keygen", "-o", str(key)], check=True, capture_output=True)
    return subprocess.run(
        ["age-keygen", "-y", str(key)], check=True, capture_output=True, text=True
    ).stdout.strip()


def _random_file(path: Path, size: int) -> None:
    with path.open("wb") as file:
        left = size
        while left:
            block = min(left, 4 * MIB)
            file.write(os.urandom(block))
            left -= block


class DelayProxy:
    """A TCP proxy delaying every piece by ``delay`` seconds each way (asyncio, own thread)."""

    def __init__(self, target_port: int, delay: float) -> None:
        self._target = target_port
        self._delay = delay
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.port = 0

    def __enter__(self) -> DelayProxy:
        self._thread.start()
        self._ready.wait()
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._cancel_all(), self._loop).result()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()

    async def _cancel_all(self) -> None:
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()
        server.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self._target)
        try:
            await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))
        except asyncio.CancelledError:
            pass  # the benchmark is over
        finally:
            writer.close()
            up_writer.close()

    async def _pipe(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def forward() -> None:
            while True:
                due, data = await queue.get()
                await asyncio.sleep(max(0.0, due - loop.time()))
                if not data:
                    with contextlib.suppress(OSError):
                        sink.close()
                    return
                sink.write(data)
                with contextlib.suppress(OSError):
                    await sink.drain()

        task = asyncio.create_task(forward())
        with contextlib.suppress(OSError):
            while data := await source.read(256 * 1024):
                queue.put_nowait((loop.time() + self._delay, data))
        queue.put_nowait((loop.time() + self._delay, b""))
        await task


def _fresh_server(tmp: Path, name: str) -> RunningTusNode:
    folder = tmp / name
    folder.mkdir()
    server = RunningTusNode(directory=folder, log_file=tmp / f"{name}.log")
    server.start()
    return server


def bench_large(tmp: Path, recipient: str) -> None:
    size = int(os.environ.get("NOOMUS_BENCH_SIZE", str(1024 * MIB)))
    source = tmp / "large.bin"
    _random_file(source, size)
    server = _fresh_server(tmp, "large")
    ours: list[tuple[float, float, float]] = []
    peer: list[tuple[float, float, float]] = []
    bare: list[float] = []
    first: list[float] = []
    rss = 0
    ours_command = [
        *(str(UPLOAD_CLI), "--tus-endpoint", server.endpoint, "--recipient", recipient),
        *("-q", "send", str(source)),
    ]
    try:
        # A fresh node server takes its first upload slower (its JIT warms up): not ours to pay.
        _bare_ingest(server, source)
        _forget_uploads(server)
        assert server.process is not None
        node = server.process.pid
        for round_ in range(ROUNDS):  # interleaved, so all see the same (noisy) machine
            before = cpu_seconds(node)
            seconds, peak, cpu = _timed(ours_command, _env(tmp / f"home-large-{round_}"))
            ours.append((seconds, cpu, cpu_seconds(node) - before))
            rss = max(rss, peak)
            _forget_uploads(server)
            before = cpu_seconds(node)
            seconds, _, cpu = _timed(
                [str(NODE), str(TUS_JS_SENDER), server.endpoint, str(source)], dict(os.environ)
            )
            peer.append((seconds, cpu, cpu_seconds(node) - before))
            _forget_uploads(server)
            bare.append(_bare_ingest(server, source))
            _forget_uploads(server)
            first.append(_first_byte(server, source, recipient, tmp / f"home-first-{round_}"))
            _forget_uploads(server)
    finally:
        server.kill()
    crypto = _required_crypto_cpu(size)
    (best, cpu, server_cpu), (best_peer, peer_cpu, peer_server_cpu) = min(ours), min(peer)
    best_bare = min(bare)
    ours_rate, peer_rate = size / best / 1e6, size / best_peer / 1e6
    gib = size / (1024 * MIB)
    print(
        f"large file ({size / MIB:.0f} MiB), best of {ROUNDS}: noomus-upload "
        f"{ours_rate:.0f} MB/s (encrypting), tus-js-client {peer_rate:.0f} MB/s (plaintext), "
        f"ratio {ours_rate / peer_rate:.2f} (target >= 1.0)"
    )
    print(
        f"CPU seconds per GiB (user + system, whole process): noomus-upload {cpu / gib:.2f},"
        f" tus-js-client {peer_cpu / gib:.2f}"
    )
    print(f"  the node server's CPU seconds: {server_cpu:.2f} for ours, {peer_server_cpu:.2f}")
    # The floor: a client whose only work beyond tus-js-client's is the cryptography it must
    # do. Where CPU bounds the wall time (client and server on these cores), its time is the
    # CPU of both over the cores they keep busy.
    needed, theirs = peer_cpu + crypto + server_cpu, peer_cpu + peer_server_cpu
    cores = os.cpu_count() or 1
    print(
        f"  floor: the required cryptography costs {crypto / gib:.2f} CPU s/GiB (measured now);"
        f" tus-js-client's work plus it, server included, is {needed:.2f} CPU s against"
        f" {theirs:.2f}: at tus-js-client's use of the {cores} cores such a client would reach"
        f" {theirs / needed:.2f}, with every core busy all the time at most"
        f" {cores * best_peer / needed:.2f}"
    )
    print(f"noomus-upload peak RSS: {rss / 1e6:.0f} MB (target < 150 MB)")
    print(
        f"first byte at the server {min(first):.3f} s after the file is handed to the engine"
        f" (worst {max(first):.3f} s; target < 0.3 s)"
    )
    print(
        f"  the server's own ingest (curl -T, one PATCH) {best_bare:.2f} s: best possible ratio"
        f" {best_peer / best_bare:.2f} (ours: {best_peer / best:.2f})"
    )
    source.unlink()


def bench_small(tmp: Path, recipient: str) -> None:
    count = int(os.environ.get("NOOMUS_BENCH_FILES", "1000"))
    folder = tmp / "small"
    folder.mkdir()
    for i in range(count):
        (folder / f"file-{i:04d}.bin").write_bytes(os.urandom(16 * 1024))
    files = sorted(str(p) for p in folder.iterdir())
    server = _fresh_server(tmp, "smallsrv")
    try:
        with DelayProxy(server.port, delay=0.010) as proxy:
            endpoint = f"http://127.0.0.1:{proxy.port}/files/"
            ours, _, _ = _timed(
                [
                    str(UPLOAD_CLI),
                    "--tus-endpoint",
                    endpoint,
                    "--recipient",
                    recipient,
                    "-q",
                    "send",
                    str(folder),
                ],
                _env(tmp / "home-small"),
            )
            peer, _, _ = _timed([str(NODE), str(TUS_JS_SENDER), endpoint, *files], dict(os.environ))
    finally:
        server.kill()
    print(
        f"{count} files of 16 KiB, 20 ms RTT: noomus-upload {count / ours:.1f} files/s, "
        f"tus-js-client (one after another) {count / peer:.1f} files/s, "
        f"ratio {peer / ours:.2f} (target >= 4)"
    )


def main() -> None:
    if NODE is None:
        print("skipped: node is not installed (needed for @tus/server and tus-js-client)")
        return
    with tempfile.TemporaryDirectory(prefix="noomus-bench-") as name:
        tmp = Path(name)
        recipient = _recipient(tmp)
        bench_large(tmp, recipient)
        bench_small(tmp, recipient)
    print("(2 shared cores: noisy figures; the ratios of one run are what to compare)")


if __name__ == "__main__":
    main()
