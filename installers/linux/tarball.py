"""The Linux release: ``noomus-desktop-<version>-linux-x86_64.tar.gz``.

``python -m installers.linux.tarball dist/noomus-desktop`` packs the PyInstaller folder with
the ``.desktop`` entry, the icon, ``install.sh`` (menu entry + command for one user) and
``uninstall.sh`` under one top-level folder, so ``tar xzf`` never spills files into the
current directory.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tarfile
from pathlib import Path

from installers.icons import write_icons
from installers.project import LINUX_EXE_NAME, ROOT, BuildError, read_version

HERE = Path(__file__).parent
DESKTOP_FILE = HERE / "noomus-desktop.desktop"
INSTALL_SCRIPT = HERE / "install.sh"
UNINSTALL_SCRIPT = HERE / "uninstall.sh"


def tarball_name(version: str, machine: str = "") -> str:
    """The archive's file name (``x86_64`` and ``aarch64`` as ``uname -m`` says)."""
    return f"noomus-desktop-{version}-linux-{machine or platform.machine()}.tar.gz"


def build_tarball(bundle: Path, out_dir: Path, icon: Path, version: str) -> Path:
    """Pack ``bundle`` with the desktop integration files; return the archive."""
    if not (bundle / LINUX_EXE_NAME).is_file():
        raise BuildError(f"{bundle} has no {LINUX_EXE_NAME}", code="no_exe")
    out_dir.mkdir(parents=True, exist_ok=True)
    output = out_dir / tarball_name(version)
    top = output.name.removesuffix(".tar.gz")
    # Level 6: within 1% of level 9's size here, in well under half the time.
    with tarfile.open(output, "w:gz", compresslevel=6) as archive:
        archive.add(bundle, arcname=top)
        archive.add(DESKTOP_FILE, arcname=f"{top}/{DESKTOP_FILE.name}")
        archive.add(INSTALL_SCRIPT, arcname=f"{top}/{INSTALL_SCRIPT.name}")
        archive.add(UNINSTALL_SCRIPT, arcname=f"{top}/{UNINSTALL_SCRIPT.name}")
        archive.add(icon, arcname=f"{top}/noomus-desktop.png")
    return output


def main(argv: list[str] | None = None) -> int:
    """Command line: pack a built Linux bundle."""
    parser = argparse.ArgumentParser(prog="python -m installers.linux.tarball", description=__doc__)
    parser.add_argument("bundle", type=Path, help="the PyInstaller folder (dist/noomus-desktop)")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "tarball")
    args = parser.parse_args(argv)
    try:
        icon = write_icons(args.work / "icons")["png"]
        output = build_tarball(args.bundle, args.out, icon, read_version())
    except BuildError as exc:
        print(f"tarball: {exc}", file=sys.stderr)
        return 1
    print(f"tarball: {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
