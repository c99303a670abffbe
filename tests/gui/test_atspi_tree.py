"""End to end over the real AT-SPI bus, as Orca reads it: the sign-in dialog after a failed
sign-in, on Xvfb, in a private D-Bus session with Qt's AT-SPI bridge on; the tree dumped by
the system Python's ``pyatspi`` (Debian python3-pyatspi), in another process.

It checks what the in-process tests (``test_screen_reader``) can only infer from Qt's side:
the error label's text reaches the bus, "Request a user ID" is a push button, and the typed
password does not.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from noomus_desktop import messages
from tests.gui.atspi.driver import SYSTEM_PYTHON
from tests.gui.test_xvfb_smoke import ROOT, xvfb

pytestmark = pytest.mark.xvfb
__all__ = ["xvfb"]  # the fixture, imported for this module's tests

BUS_LAUNCHER = Path("/usr/libexec/at-spi-bus-launcher")
SECRET = "hunter2-Tr0ub4dor"


def _missing() -> str | None:
    """Why the bus cannot run here, precisely (None: it can)."""
    if shutil.which("dbus-run-session") is None:
        return "dbus-run-session is not installed (Debian: dbus)"
    if not BUS_LAUNCHER.exists():
        return f"{BUS_LAUNCHER} is missing (Debian: at-spi2-core)"
    probe = (
        subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, check=False)
        if Path(SYSTEM_PYTHON).exists()
        else None
    )
    if probe is None or probe.returncode != 0:
        return f"{SYSTEM_PYTHON} cannot import pyatspi (Debian: python3-pyatspi)"
    return None


def test_the_sign_in_dialog_on_the_atspi_bus(xvfb: str, tmp_path: Path) -> None:
    reason = _missing()
    if reason is not None:
        pytest.skip(reason)
    out = tmp_path / "tree.json"
    run = subprocess.run(
        ["dbus-run-session", "--", sys.executable, "-m", "tests.gui.atspi.driver", xvfb, SECRET,
         str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    nodes = json.loads(out.read_text())
    by_role: dict[str, list[str]] = {}
    for node in nodes:
        by_role.setdefault(node["role"], []).append(node["name"])

    assert messages.error_text("invalid_credentials") in by_role["label"]
    assert "New customer? Request a user ID" in by_role["push button"]
    [password] = [node for node in nodes if node["role"] == "password text"]
    assert password["name"] == "Password"
    assert password["text"] and set(password["text"]) <= {"●", "•", "*"}  # typed, masked
    assert SECRET not in out.read_text()  # nowhere in the tree: names, texts, descriptions
