"""Build hook only; the project's metadata is in ``pyproject.toml``.

A wheel (``pip wheel .``, ``python -m build``) and an editable install get the package data
the app loads at run time (icons, compiled ``.qm`` catalogues) built from the sources under
``resources/`` by ``scripts/build_resources.py``, so a clean clone builds a complete wheel.
"""

from __future__ import annotations

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from scripts.build_resources import build_resources  # noqa: E402 (found through the line above)


class BuildPyWithResources(build_py):
    """``build_py``, then the package data built into the wheel's tree (or, for an editable
    install, into the source tree the install points at)."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            build_resources()
        else:
            build_resources(Path(self.build_lib) / "noomus_desktop" / "resources")


setup(cmdclass={"build_py": BuildPyWithResources})
