"""Running ``noomus-upload`` as a real process: to completion, or in the background to kill."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

_SCRIPT = Path(sys.executable).with_name("noomus-upload")
#: The installed entry point when there is one (what users run), else the module.
UPLOAD_CLI = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "noomus_desktop.cli"]


def cli_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The test's environment (``NOOMUS_HOME``, D-Bus address...) plus ``extra``."""
    return {**os.environ, "PYTHONUNBUFFERED": "1", **(extra or {})}


def run_cli(
    args: Sequence[str],
    *,
    stdin: str | None = None,
    timeout: float = 120,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``noomus-upload ARGS`` to the end; never raises for a non-zero exit."""
    return subprocess.run(
        [*UPLOAD_CLI, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=cli_env(env),
        check=False,
    )


@contextmanager
def background_cli(
    args: Sequence[str], log: Path, env: Mapping[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """Start ``noomus-upload ARGS`` with output to ``log``; SIGKILLed at exit if still alive."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*UPLOAD_CLI, *args],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=cli_env(env),
        )
    try:
        yield process
    finally:
        kill9(process)


def kill9(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL, as a crash or a pulled plug would, and reap."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()
