"""Upload speed: ``noomus-upload`` (encrypting on the fly) vs tus-js-client (plaintext).

Both send into the same @tus/server (file store) on loopback, in the same run:

1. one large file (``NOOMUS_BENCH_SIZE`` bytes, default 1 GiB): MB/s of each, the ratio
   (target >= 1.0), and the peak RSS of ``noomus-upload`` (target < 150 MB);
2. 1,000 files of 16 KiB through a proxy adding 20 ms of round trip (``NOOMUS_BENCH_FILES``):
   files/s of ``noomus-upload`` (3 transfers at a time, creation-with-upload) vs tus-js-client
   sending them one after another, and the ratio (target >= 3).

Wall time of each whole process (start-up included, as a user sees it). The machine is shared
and small: figures are noisy, compare the ratio of one run rather than absolute numbers.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from tests.helpers.tusnode import NODE, RunningTusNode

HERE = Path(__file__).parent
TUS_JS_SENDER = HERE / "tus_js_send.mjs"
UPLOAD_CLI = Path(sys.executable).with_name("noomus-upload")
MIB = 1024 * 1024


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "NOOMUS_HOME": str(home)}


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (bytes) of a process; fails loudly if it fails."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{command[0]} failed with exit code {process.returncode}")
    return elapsed, usage.ru_maxrss * 1024


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
        server = self._loop.run_until_complete(
            asyncio.start_server(self._handle, "127.0.0.1", 0)
        )
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
    try:
        ours, rss = _timed(
            [str(UPLOAD_CLI), "--tus-endpoint", server.endpoint, "--recipient", recipient,
             "-q", "send", str(source)],
            _env(tmp / "home-large"),
        )
        peer, _ = _timed(
            [str(NODE), str(TUS_JS_SENDER), server.endpoint, str(source)], dict(os.environ)
        )
    finally:
        server.kill()
    ours_rate, peer_rate = size / ours / 1e6, size / peer / 1e6
    print(f"large file ({size / MIB:.0f} MiB): noomus-upload {ours_rate:.0f} MB/s "
          f"(encrypting), tus-js-client {peer_rate:.0f} MB/s (plaintext), "
          f"ratio {ours_rate / peer_rate:.2f} (target >= 1.0)")
    print(f"noomus-upload peak RSS: {rss / 1e6:.0f} MB (target < 150 MB)")
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
            ours, _ = _timed(
                [str(UPLOAD_CLI), "--tus-endpoint", endpoint, "--recipient", recipient,
                 "-q", "send", str(folder)],
                _env(tmp / "home-small"),
            )
            peer, _ = _timed([str(NODE), str(TUS_JS_SENDER), endpoint, *files], dict(os.environ))
    finally:
        server.kill()
    print(f"{count} files of 16 KiB, 20 ms RTT: noomus-upload {count / ours:.1f} files/s, "
          f"tus-js-client (one after another) {count / peer:.1f} files/s, "
          f"ratio {peer / ours:.2f} (target >= 3)")


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
