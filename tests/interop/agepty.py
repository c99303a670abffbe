"""The stock ``age`` CLI driven through a pseudo-terminal, for what it asks on the terminal.

age 1.1 reads passphrases from the controlling terminal only (no environment variable, no
standard input), so ``age -p`` and a passphrase-protected ``age -i`` need a real TTY: this
forks the CLI on a pty and types the passphrase at each prompt.
"""

from __future__ import annotations

import os
import pty
import select
import time
from collections.abc import Sequence

from tests.helpers.agecli import AGE

_PROMPT = b"passphrase"


def run(
    args: Sequence[str], passphrase: str, *, timeout: float = 60.0, program: Sequence[str] = ()
) -> tuple[int, bytes]:
    """Run ``age ARGS`` (or ``program ARGS``) on a pty, answering every passphrase prompt with
    ``passphrase``.

    Returns the exit code and what the CLI wrote to the terminal (prompts and errors), so
    outputs must go to files (``-o``). Kills the CLI if it is still running at ``timeout``.
    """
    assert AGE is not None
    argv = [*(program or [AGE]), *args]
    pid, fd = pty.fork()
    if pid == 0:  # the child: age, with the pty as its controlling terminal
        os.execv(argv[0], argv)  # noqa: S606 (the age binary or ours, fixed arguments)
    seen = b""
    answered = 0
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if not select.select([fd], [], [], 0.2)[0]:
                continue
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # EIO: the CLI exited and closed the terminal
                break
            if not chunk:
                break
            seen += chunk
            prompts = seen.lower().count(_PROMPT)
            if prompts > answered and seen.rstrip().endswith(b":"):
                os.write(fd, passphrase.encode() + b"\n")
                answered = prompts
        else:
            os.kill(pid, 9)
    finally:
        os.close(fd)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), seen
