"""Inside one private D-Bus session (``dbus-run-session``): start the probe app on the given X
display with Qt's AT-SPI bridge on, wait for it, and write the tree the system Python's
``pyatspi`` reads to OUT (JSON; not standard output, which the bus's own daemons share).
Run by ``test_atspi_tree`` with the project's Python.

Usage: ``python -m tests.gui.atspi.driver DISPLAY PASSWORD OUT``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.gui.atspi.probe_app import APP_NAME

SYSTEM_PYTHON = "/usr/bin/python3"
DUMPER = Path(__file__).with_name("dump_tree.py")


def main(display: str, password: str, out: Path) -> int:
    env = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
        "QT_ACCESSIBILITY": "1",
        "NO_AT_BRIDGE": "0",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    app = subprocess.Popen(
        [sys.executable, "-m", "tests.gui.atspi.probe_app", password],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert app.stdout is not None
        if app.stdout.readline().strip() != "ready":
            sys.stderr.write("the probe app did not start\n")
            return 3
        dump = subprocess.run(
            [SYSTEM_PYTHON, str(DUMPER), APP_NAME, "30"],
            env={k: v for k, v in env.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        sys.stderr.write(dump.stderr)
        out.write_text(dump.stdout)
        return dump.returncode
    finally:
        app.kill()
        app.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], Path(sys.argv[3])))
