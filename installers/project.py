"""Facts about the product that every installer needs, read from their single sources.

The version lives only in ``noomus_desktop/__init__.py`` (``__version__``); it is parsed, not
imported, so a build script never runs app code to learn it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = ROOT / "noomus_desktop"
#: Package data the app loads at run time, built from ``SOURCES_DIR`` (scripts/build_resources.py).
RESOURCES_DIR = PACKAGE_DIR / "resources"
#: The committed sources of the icons and translations.
SOURCES_DIR = ROOT / "resources"
TRANSLATIONS_DIR = SOURCES_DIR / "translations"
APP_ICON_SVG = SOURCES_DIR / "icons" / "app.svg"
BUILD_CONFIG = RESOURCES_DIR / "build-config.json"

#: The name customers see (window title, Start menu, Dock, Add/Remove Programs).
PRODUCT_NAME = "Noomus"
MANUFACTURER = "Noomus Oy"
#: The frozen executable's base name (``Noomus.exe``, ``Noomus.app``, ``noomus-desktop``).
EXE_NAME = "Noomus"
LINUX_EXE_NAME = "noomus-desktop"
BUNDLE_ID = "fi.noomus.desktop"


class BuildError(Exception):
    """A build step cannot go on; ``code`` names the step for scripts, the message says why."""

    def __init__(self, message: str, *, code: str = "build_failed") -> None:
        super().__init__(message)
        self.code = code


def read_version(init_file: Path = PACKAGE_DIR / "__init__.py") -> str:
    """``__version__`` from the package's ``__init__.py``, without importing it."""
    tree = ast.parse(init_file.read_text("utf-8"))
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__version__" for t in node.targets)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            return node.value.value
    raise BuildError(f"no __version__ string in {init_file}", code="no_version")


def numeric_version(version: str) -> str:
    """The ``major.minor.patch`` an MSI or a macOS bundle accepts (``1.2.0rc1`` -> ``1.2.0``).

    Windows Installer compares only the first three fields, each at most 255.255.65535.
    """
    match = re.match(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?", version)
    if match is None:
        raise BuildError(f"version {version!r} does not start with a number", code="bad_version")
    major, minor, patch = (int(part or 0) for part in match.groups())
    if major > 255 or minor > 255 or patch > 65535:
        raise BuildError(f"version {version!r} is out of the MSI range", code="bad_version")
    return f"{major}.{minor}.{patch}"


def main() -> None:
    """Print the version (used by the release workflow to check the tag)."""
    print(read_version())


if __name__ == "__main__":
    main()
