"""Problems are named: a drop's skipped entries are listed by name in the window, and the
notification names the first and counts the rest."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from noomus_desktop.core.scan import ScanProblem
from noomus_desktop.ui.controller import AppController
from noomus_desktop.ui.notifier import Notification

Factory = Callable[..., AppController]

_SCAN = """
import json, sys
from noomus_desktop.core.scan import scan_paths
print(json.dumps([[p.path, p.code, p.message] for p in scan_paths(sys.argv[1:]).problems]))
"""
#: Root reads everything: the scan then runs without the capabilities that bypass permissions.
_WITHOUT_OVERRIDES = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]


def _scan_problems(folder: Path) -> list[ScanProblem]:
    """The real scanner's problems for ``folder``, found as a customer's process would."""
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: an unreadable file cannot be made")
    prefix = _WITHOUT_OVERRIDES if os.geteuid() == 0 else []
    out = subprocess.run(
        [*prefix, sys.executable, "-c", _SCAN, str(folder)],
        capture_output=True,
        text=True,
        check=True,
    )
    return [ScanProblem(*entry) for entry in json.loads(out.stdout)]


def test_a_fifo_a_broken_link_and_an_unreadable_file_are_all_named(
    qtbot: QtBot, make_controller: Factory, tmp_path: Path
) -> None:
    folder = tmp_path / "Contracts"
    folder.mkdir()
    (folder / "fine.pdf").write_bytes(b"fine")
    os.mkfifo(folder / "pipe-in")
    (folder / "old-link.pdf").symlink_to(tmp_path / "gone.pdf")
    secret = folder / "salaries.xlsx"
    secret.write_bytes(b"secret")
    secret.chmod(0o000)
    found = _scan_problems(folder)
    assert len(found) == 3, found

    controller = make_controller("http://127.0.0.1:9")
    with qtbot.waitSignal(controller.notifier.shown, timeout=5_000) as shown:
        controller.bridge.on_problems("batch", found)
        controller.bridge.drain()
    banner = controller.window.banner.text()
    for name in ("pipe-in", "old-link.pdf", "salaries.xlsx"):
        assert name in banner, banner
    assert "fine.pdf" not in banner
    assert "not a regular file" in banner and "cannot be read" in banner
    notice = shown.args[0]
    assert isinstance(notice, Notification)
    first = Path(found[0].path).name
    assert notice.message == f"{first} and 2 other(s) could not be sent"
