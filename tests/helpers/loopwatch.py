"""``python -m tests.helpers.loopwatch REPORT CLI-ARGS...``: ``noomus-extranet CLI-ARGS...`` with
its event loop watched for blocking calls.

The loop runs in asyncio debug mode with ``slow_callback_duration`` at :data:`SLOW`, so the loop
itself reports every callback that held it longer (its own instrumentation, not a guess from
outside). A slow callback alone does not say who is to blame: on a loaded machine a callback is
also slow when the process simply got no CPU. So a watcher thread samples the loop thread's
Python stack every :data:`SAMPLE_EVERY` seconds, and each report carries the samples taken while
that callback ran. A call that blocks (a SQLite commit, an fsync, a lock wait, a password hash)
leaves the loop thread inside our code, the caller of the C function, sample after sample.
The sampler needs the GIL for each sample: while the loop thread sits in a C call that
released it (SQLite, fsync, Argon2) samples come every few milliseconds, all at the same line;
while the loop thread holds the GIL or the process gets no CPU, they come far apart.

Each slow callback becomes one JSON line in REPORT: ``{"callback", "seconds", "samples"}``,
a sample being ``{"t", "stack"}`` (monotonic seconds), the stack innermost frame first, as
``"path:line function"``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import sys
import threading
import time
from collections import deque
from pathlib import Path
from types import FrameType
from typing import Any

import uvicorn

from noomus_extranet.cli import main as cli_main

SLOW = 0.05
SAMPLE_EVERY = 0.002
_FRAMES = 8
#: Where the loop thread waits for events: idle, not running a callback.
_IDLE = ("selectors.py",)


def _stack(frame: FrameType | None) -> list[str]:
    frames: list[str] = []
    while frame is not None and len(frames) < _FRAMES:
        code = frame.f_code
        frames.append(f"{code.co_filename}:{frame.f_lineno} {code.co_name}")
        frame = frame.f_back
    return frames


class LoopWatch:
    """Samples one thread's stack while it is busy; reports the samples of slow callbacks."""

    def __init__(self, report: Path) -> None:
        self.report = report
        self.samples: deque[tuple[float, dict[str, Any]]] = deque(maxlen=20_000)
        self._lock = threading.Lock()
        self._stop = threading.Event()

    def start(self, thread_id: int) -> None:
        threading.Thread(target=self._sample, args=(thread_id,), daemon=True).start()

    def stop(self) -> None:
        self._stop.set()

    def _sample(self, thread_id: int) -> None:
        while not self._stop.wait(SAMPLE_EVERY):
            stack = _stack(sys._current_frames().get(thread_id))
            if stack and not stack[0].split(":")[0].endswith(_IDLE):
                sample = {"stack": stack}
                with self._lock:
                    self.samples.append((time.monotonic(), sample))

    def slow_callback(self, callback: str, seconds: float) -> None:
        """Called on the loop thread right after the slow callback ended."""
        end = time.monotonic()
        with self._lock:
            during = [{**sample, "t": t} for t, sample in self.samples if end - seconds <= t <= end]
        line = {"callback": callback[:1000], "seconds": seconds, "samples": during}
        with self.report.open("a") as f:
            f.write(json.dumps(line) + "\n")


class _SlowCallbackHandler(logging.Handler):
    """Turns asyncio's ``Executing %s took %.3f seconds`` warnings into reports."""

    def __init__(self, watch: LoopWatch) -> None:
        super().__init__(logging.WARNING)
        self.watch = watch

    def emit(self, record: logging.LogRecord) -> None:
        args: Any = record.args
        if record.msg.startswith("Executing") and isinstance(args, tuple) and len(args) == 2:
            self.watch.slow_callback(str(args[0]), float(args[1]))


#: How long a thread may hold the GIL while another waits for it. Python's default (5 ms) would
#: hand the sampler the GIL every 5 ms during CPU-bound work of the loop thread (a garbage
#: collection, a parse), samples dense enough to look like a blocking call. At 50 ms, dense
#: samples (2 ms apart) come only while the loop thread sits in a C call that released the GIL.
SWITCH_INTERVAL = 0.05


def run(report: Path, cli_args: list[str]) -> int:
    sys.setswitchinterval(SWITCH_INTERVAL)
    watch = LoopWatch(report)
    logging.getLogger("asyncio").addHandler(_SlowCallbackHandler(watch))

    def run_watched(server: uvicorn.Server, sockets: list[socket.socket] | None = None) -> None:
        async def serve() -> None:
            asyncio.get_running_loop().slow_callback_duration = SLOW
            watch.start(threading.get_ident())
            await server.serve(sockets=sockets)

        try:
            asyncio.run(serve(), debug=True)
        finally:
            watch.stop()

    uvicorn.Server.run = run_watched  # type: ignore[method-assign, assignment]
    return cli_main(cli_args)


if __name__ == "__main__":
    sys.exit(run(Path(sys.argv[1]), sys.argv[2:]))
