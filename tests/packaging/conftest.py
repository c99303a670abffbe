"""Shared helpers of the packaging tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def icons(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The rendered icon files, made in a child process (Qt there, not in the test worker)."""
    out = tmp_path_factory.mktemp("icons")
    subprocess.run([sys.executable, "-m", "installers.icons", str(out)], check=True)
    return {suffix: out / f"noomus.{suffix}" for suffix in ("ico", "icns", "png")}
