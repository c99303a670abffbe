"""The checkout as a fresh clone would have it, for the builds that must work from one."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from installers.project import ROOT


def clean_copy(target: Path) -> Path:
    """Copy the tracked and unignored files (committed or not) into ``target``: no built
    package data (icons, compiled ``.qm``), no ``build/`` leftovers."""
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    for name in filter(None, files.stdout.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target
