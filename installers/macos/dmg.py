"""Build Noomus-<version>.dmg from Noomus.app with dmgbuild (macOS only):
``python -m installers.macos.dmg dist/Noomus.app``."""

from __future__ import annotations

import argparse
import importlib
import platform
import sys
from pathlib import Path

from installers.icons import write_icons
from installers.project import PRODUCT_NAME, ROOT, read_version

SETTINGS = Path(__file__).with_name("dmg_settings.py")


def dmg_name(version: str, arch: str | None = None) -> str:
    """The disk image's file name for ``version`` on ``arch`` (default: this Mac's,
    ``arm64`` or ``x86_64``): one DMG per architecture, named so a customer picks the right one."""
    return f"Noomus-{version}-{arch or platform.machine()}.dmg"


def main(argv: list[str] | None = None) -> int:
    """Command line: build the DMG next to the app (or into ``--out``)."""
    parser = argparse.ArgumentParser(prog="python -m installers.macos.dmg", description=__doc__)
    parser.add_argument("app", type=Path, help="the built Noomus.app")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "dmg")
    args = parser.parse_args(argv)
    # A macOS-only build tool, installed by the release workflow (not a project dependency).
    dmgbuild = importlib.import_module("dmgbuild")

    icon = write_icons(args.work / "icons")["icns"]
    output = args.out / dmg_name(read_version())
    dmgbuild.build_dmg(
        str(output),
        PRODUCT_NAME,
        str(SETTINGS),
        defines={"app": str(args.app), "icon": str(icon)},
    )
    print(f"dmg: {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
