"""The access log the security policy asks for: time, client IP, method, path, status, bytes.

Written as an ASGI middleware so it sees every request, including streamed uploads and
errors. It never records headers, query strings or bodies: no tokens, passwords, file
names or upload metadata can reach it.

The file survives rotation (logrotate renames it, then the next line goes to a new
``access.log``, 0600 whatever the umask: :class:`PrivateWatchedFileHandler`), and retention
removes lines older than the policy's limit (:func:`remove_old_lines`, run by the purge). Both
writers and the trimming take an advisory ``flock`` on the file, so a line written while the
trimming replaces the file is never lost, even when ``noomus-extranet purge`` runs in another
process than the server.

The event loop never writes the file: a request's line goes into a bounded queue
(:class:`_QueueHandler`, which never blocks), and one thread writes the queue out, so a slow
disk or a trimming that holds the lock delays lines, never requests. If the queue is full
(the disk stalled for tens of thousands of requests), lines are dropped and counted, and the
next line that fits says how many were lost: a bound on memory (invariant 5), and no silent gap.
"""

from __future__ import annotations

import contextlib
import io
import logging
import logging.handlers
import os
import queue
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from noomus_extranet.filemodes import private_file
from noomus_extranet.storage import fsync_dir

if sys.platform != "win32":
    import fcntl

LOGGER_NAME = "noomus_extranet.access"
FILE_NAME = "access.log"
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
#: Every line starts with its time in ``TIME_FORMAT``: such strings sort as times do.
_LINE_TIME = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ ")
#: Rotated files that cannot be trimmed in place; they go whole once all their lines are old.
_COMPRESSED = (".gz", ".bz2", ".xz", ".zst", ".lz4")


@contextlib.contextmanager
def _flocked(file: IO[str] | BinaryIO, exclusive: bool) -> Iterator[None]:
    if sys.platform == "win32":  # pragma: no cover (the demo server only, never rotated)
        yield
        return
    fcntl.flock(file.fileno(), fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
    try:
        yield
    finally:
        fcntl.flock(file.fileno(), fcntl.LOCK_UN)


class PrivateWatchedFileHandler(logging.handlers.WatchedFileHandler):
    """A ``WatchedFileHandler`` (reopens the path when the file was renamed or removed) that
    creates the new file 0600 and writes each line under a shared lock on a file that is
    still the one at the path (see the module docstring)."""

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)

    def _is_current(self) -> bool:
        try:
            found = Path(self.baseFilename).stat()
        except FileNotFoundError:
            return False
        return (found.st_dev, found.st_ino) == (self.dev, self.ino)

    def emit(self, record: logging.LogRecord) -> None:
        for _attempt in range(3):
            self.reopenIfNeeded()
            if self.stream is None:
                break
            with _flocked(self.stream, exclusive=False):
                if self._is_current():
                    logging.FileHandler.emit(self, record)
                    return
        logging.FileHandler.emit(self, record)


#: Lines waiting for the writer thread; beyond it, lines are dropped and counted.
QUEUE_LINES = 50_000


class _QueueHandler(logging.handlers.QueueHandler):
    """Hands records to the writer thread without ever blocking; counts what did not fit."""

    def __init__(self, lines: queue.Queue[logging.LogRecord]) -> None:
        super().__init__(lines)
        self.dropped = 0

    def enqueue(self, record: logging.LogRecord) -> None:
        try:
            if self.dropped:
                gap = logging.makeLogRecord(
                    {
                        "msg": "%d access-log lines were dropped (the log fell behind)",
                        "args": (self.dropped,),
                        "levelno": logging.WARNING,
                    }
                )
                self.queue.put_nowait(gap)
                self.dropped = 0
            self.queue.put_nowait(record)
        except queue.Full:
            self.dropped += 1


_writer: logging.handlers.QueueListener | None = None


def configure_access_log(log_dir: Path, to_stderr: bool) -> logging.Logger:
    """One line per request to ``log_dir/access.log`` (and stderr if asked), written by one
    thread; the file is reopened when it is rotated. Call :func:`flush_access_log` at exit."""
    global _writer
    flush_access_log()
    log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    logger = logging.getLogger(LOGGER_NAME)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    private_file(log_dir / FILE_NAME)
    handlers: list[logging.Handler] = [PrivateWatchedFileHandler(log_dir / FILE_NAME)]
    if to_stderr:
        handlers.append(logging.StreamHandler(sys.stderr))
    for handler in handlers:
        handler.setFormatter(logging.Formatter("%(message)s"))
    lines: queue.Queue[logging.LogRecord] = queue.Queue(QUEUE_LINES)
    logger.addHandler(_QueueHandler(lines))
    _writer = logging.handlers.QueueListener(lines, *handlers)
    _writer.start()
    return logger


def flush_access_log() -> None:
    """Write out every queued line and stop the writer thread (the server is stopping)."""
    global _writer
    if _writer is not None:
        _writer.stop()
        for handler in _writer.handlers:
            handler.close()
        _writer = None


class AccessLogMiddleware:
    def __init__(self, app: ASGIApp, logger: logging.Logger) -> None:
        self.app = app
        self.logger = logger

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.monotonic()
        state = {"status": 0, "in": 0, "out": 0}

        async def counting_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                state["in"] += len(message.get("body", b""))
            return message

        async def counting_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["status"] = message["status"]
            elif message["type"] == "http.response.body":
                state["out"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, counting_receive, counting_send)
        finally:
            client = scope.get("client")
            self.logger.info(
                "%s %s %s %s %d in=%d out=%d ms=%d",
                time.strftime(TIME_FORMAT, time.gmtime()),
                client[0] if client else "-",
                scope["method"],
                _printable(scope["path"]),
                state["status"] or 500,
                state["in"],
                state["out"],
                (time.monotonic() - started) * 1000,
            )


def _printable(path: str) -> str:
    """Keep one request on one line whatever the path contains."""
    return "".join(c if c.isprintable() and c != " " else "?" for c in path)[:512]


@dataclass(frozen=True)
class Trimmed:
    """What :func:`remove_old_lines` removed (or would remove)."""

    lines: int = 0
    files: int = 0

    def __add__(self, other: Trimmed) -> Trimmed:
        return Trimmed(self.lines + other.lines, self.files + other.files)


def remove_old_lines(log_dir: Path, before: float, dry_run: bool = False) -> Trimmed:
    """Remove access-log lines written before ``before`` (a Unix time): from ``access.log``
    and plain rotated copies (``access.log.1``, ``access.log-20261130``...), which are
    rewritten without them; a rotated file whose last write is older goes whole (a
    compressed one only then: ``logrotate``'s ``maxage`` should match)."""
    cutoff = time.strftime(TIME_FORMAT, time.gmtime(before)).encode()
    total = Trimmed()
    if not log_dir.is_dir():
        return total
    for path in sorted(log_dir.iterdir()):
        name = path.name
        if not name.startswith(FILE_NAME) or name.endswith(".trim") or not path.is_file():
            continue
        if name != FILE_NAME and path.stat().st_mtime < before:
            if not dry_run:
                path.unlink()
            total += Trimmed(files=1)
        elif not name.endswith(_COMPRESSED):
            total += Trimmed(lines=_trim(path, cutoff, dry_run))
    return total


def _is_old(line: bytes, cutoff: bytes) -> bool:
    return _LINE_TIME.match(line) is not None and line[: len(cutoff)] < cutoff


def _trim(path: Path, cutoff: bytes, dry_run: bool) -> int:
    """Drop the lines older than ``cutoff``; lines are in time order, so a file whose first
    line is recent is left alone without reading the rest."""
    with path.open("rb") as old:
        if not _is_old(old.readline(), cutoff):
            return 0
        old.seek(0)
        if dry_run:
            return sum(1 for line in old if _is_old(line, cutoff))
        temporary = path.with_name(path.name + ".trim")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as new:
            dropped = _copy_recent(old, new, cutoff)
            # Writers wait now; lines they wrote meanwhile are copied, then the file swapped.
            with _flocked(old, exclusive=True):
                dropped += _copy_recent(old, new, cutoff)
                new.flush()
                os.fsync(new.fileno())
                temporary.replace(path)
        fsync_dir(path.parent)
        return dropped


def _copy_recent(old: BinaryIO, new: BinaryIO, cutoff: bytes) -> int:
    dropped = 0
    for line in old:
        if _is_old(line, cutoff):
            dropped += 1
        else:
            new.write(line)
    return dropped
