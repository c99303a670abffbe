"""The real app in a real X server: ``noomus-desktop --demo`` sends a file and exits.

Starts ``Xvfb`` on a free display, runs the installed ``noomus-desktop`` entry point with the
embedded demo server, lets it sign in, send a file and save a picture of its window under
``test-artifacts/gui/``, then decrypts what the demo server received with the demo's staff key.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "gui"
X_SOCKETS = Path("/tmp/.X11-unix")

#: The demos share one usual port: run them one at a time (each still falls back if taken).
pytestmark = [pytest.mark.xvfb, pytest.mark.xdist_group("demo-port")]


def _free_display() -> int:
    for number in range(140, 400):
        if not (X_SOCKETS / f"X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            return number
    raise RuntimeError("no free X display number")


@pytest.fixture
def xvfb() -> Iterator[str]:
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (Debian: xvfb)")
    for _attempt in range(5):
        number = _free_display()
        server = subprocess.Popen(
            ["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while server.poll() is None and not (X_SOCKETS / f"X{number}").exists():
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
        if server.poll() is None and (X_SOCKETS / f"X{number}").exists():
            break
        server.kill()
        server.wait()
    else:
        raise RuntimeError("Xvfb did not start")
    try:
        yield f":{number}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_demo_sends_a_file_in_a_real_window(xvfb: str, noomus_home: Path, tmp_path: Path) -> None:
    payload = tmp_path / "quarterly-report.txt"
    payload.write_text("Confidential numbers\n" * 2000)
    screenshot = ARTIFACTS / "smoke-demo-window.png"
    screenshot.unlink(missing_ok=True)
    app = Path(sys.executable).with_name("noomus-desktop")
    env = {**os.environ, "DISPLAY": xvfb, "QT_QPA_PLATFORM": "xcb"}
    result = subprocess.run(
        [
            str(app),
            "--demo",
            "--sign-in",
            "--quit-when-done",
            "--screenshot",
            str(screenshot),
            str(payload),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "delivered 1, failed 0" in result.stdout
    assert "Traceback" not in result.stderr
    assert screenshot.stat().st_size > 10_000

    # What the demo server holds is the file, encrypted: its staff key opens it.
    server_data = noomus_home / "demo-server"
    listing = subprocess.run(
        [sys.executable, "-m", "noomus_extranet", "--data", str(server_data), "deliveries", "list"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    rows = [line.split("\t") for line in listing.splitlines() if line.strip()]
    assert len(rows) == 1 and rows[0][1] == "demo"
    delivery_id = rows[0][0]
    out = tmp_path / "received"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "noomus_extranet",
            "--data",
            str(server_data),
            "deliveries",
            "decrypt",
            delivery_id,
            "--identity",
            str(server_data / "demo-identity.txt"),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    received = [p for p in out.rglob("*") if p.is_file()]
    assert [p.read_bytes() for p in received] == [payload.read_bytes()]
