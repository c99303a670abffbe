"""Noomus.app's Info.plist, rendered from ``Info.plist.in`` with the one version.

PyInstaller's ``BUNDLE`` merges the result into the plist it writes, so what the template says
(bundle id, document types for Dock drops, high-resolution support) is what ships.
"""

from __future__ import annotations

import platform
import plistlib
from pathlib import Path
from string import Template
from typing import Any

from installers.macos.minimum import as_text, from_lock
from installers.project import BUNDLE_ID, EXE_NAME, MANUFACTURER, PRODUCT_NAME, numeric_version

TEMPLATE = Path(__file__).with_name("Info.plist.in")


def render_info_plist(version: str, arch: str | None = None) -> bytes:
    """The Info.plist XML for ``version`` (``CFBundleShortVersionString`` is numeric) on
    ``arch`` (default: this machine's; ``LSMinimumSystemVersion`` comes from the lock file)."""
    machine = arch or ("arm64" if platform.machine() in {"arm64", "aarch64"} else "x86_64")
    text = Template(TEMPLATE.read_text("utf-8")).substitute(
        minimum_macos=as_text(from_lock(machine)),
        name=PRODUCT_NAME,
        bundle_id=BUNDLE_ID,
        executable=EXE_NAME,
        manufacturer=MANUFACTURER,
        short_version=numeric_version(version),
        version=version,
    )
    return text.encode("utf-8")


def info_plist(version: str) -> dict[str, Any]:
    """The rendered plist as the dict ``BUNDLE(info_plist=...)`` takes."""
    data: dict[str, Any] = plistlib.loads(render_info_plist(version))
    return data
