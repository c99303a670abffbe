"""'Start at login' on Linux (XDG autostart, launched with gio as a session would) and the
macOS LaunchAgent; the Windows Run value is checked by the MSI tests and the workflow."""

from __future__ import annotations

import os
import plistlib
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from noomus_desktop.core import autostart
from noomus_desktop.core.autostart import LaunchAgent, XdgAutostart, desktop_exec


def test_xdg_autostart_entry_starts_the_app_from_an_awkward_folder(tmp_path: Path) -> None:
    if shutil.which("gio") is None:
        pytest.skip("gio (Debian: libglib2.0-bin) is needed to launch the entry")
    folder = tmp_path / """My "apps" $x `y` \\ z"""
    folder.mkdir()
    app = folder / "noomus-desktop"
    record = tmp_path / "started.txt"
    app.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{record}"\n')
    app.chmod(0o755)
    entry = XdgAutostart(tmp_path / "config")
    assert not entry.is_enabled()
    entry.enable([str(app), "--from", "login"])
    assert entry.is_enabled()
    assert entry.path == tmp_path / "config" / "autostart" / "noomus-desktop.desktop"
    env = {**os.environ, "HOME": str(tmp_path)}
    subprocess.run(["gio", "launch", str(entry.path)], env=env, check=True, timeout=30)
    deadline = time.monotonic() + 10
    while not (record.exists() and record.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert record.read_text().splitlines() == ["--from", "login"]
    entry.disable()
    assert not entry.is_enabled()
    entry.disable()  # turning off what is off is fine


def test_exec_quoting_follows_the_desktop_entry_spec() -> None:
    assert desktop_exec(["/opt/a b/app"]) == '"/opt/a b/app"'
    assert desktop_exec(['/x/"q"']) == '"/x/\\\\"q\\\\""'
    assert desktop_exec(["/x/$HOME", "50%"]) == '"/x/\\\\$HOME" "50%%"'


def test_launch_agent_runs_the_app_at_login(tmp_path: Path) -> None:
    agent = LaunchAgent(tmp_path)
    agent.enable(["/Applications/Noomus.app/Contents/MacOS/Noomus"])
    plist = plistlib.loads(agent.path.read_bytes())
    assert agent.path.parent == tmp_path / "Library" / "LaunchAgents"
    assert plist == {
        "Label": "fi.noomus.desktop",
        "ProgramArguments": ["/Applications/Noomus.app/Contents/MacOS/Noomus"],
        "RunAtLoad": True,
    }
    agent.disable()
    assert not agent.is_enabled()


def test_apply_registers_this_installation(tmp_path: Path) -> None:
    entry = XdgAutostart(tmp_path)
    autostart.apply(True, entry)
    assert "noomus_desktop.app" in entry.path.read_text()  # from source: python -m the app
    autostart.apply(False, entry)
    assert not entry.path.exists()
