"""Build the PyInstaller one-folder bundle: ``python -m installers.bundle [--config FILE]``.

Renders the icons, runs PyInstaller on ``noomus.spec`` and prints where the bundle is and how
big it is. The other installers (MSI, DMG, tar.gz) package what this produces.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from installers.icons import write_icons
from installers.project import BUILD_CONFIG, EXE_NAME, LINUX_EXE_NAME, ROOT, BuildError

SPEC = Path(__file__).with_name("noomus.spec")


@dataclass(frozen=True)
class Bundle:
    """A built bundle: its folder, the executable in it, and the macOS ``.app`` if any."""

    folder: Path
    executable: Path
    app: Path | None


def executable_name() -> str:
    """The executable's file name on this platform."""
    if sys.platform == "win32":
        return f"{EXE_NAME}.exe"
    return LINUX_EXE_NAME if sys.platform.startswith("linux") else EXE_NAME


def tree_size(folder: Path) -> int:
    """Bytes of every regular file under ``folder`` (symlinks count as nothing): the unpacked
    size a customer's disk pays."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build_bundle(
    dist: Path, work: Path, config: Path | None = None, *, production: bool = False
) -> Bundle:
    """Run PyInstaller into ``dist`` (intermediate files in ``work``); return the bundle.

    ``production``: refuse a build configuration that pins no recipients for its server.
    """
    if production:
        from installers.spec_support import require_production_config

        require_production_config(config or BUILD_CONFIG)
    icons = write_icons(work / "icons")
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(SPEC),
        "--",
        "--icons",
        str(icons["png"].parent),
    ]
    if config is not None:
        command += ["--config", str(config.resolve())]
    result = subprocess.run(command, cwd=ROOT, check=False)
    if result.returncode != 0:
        raise BuildError(f"PyInstaller exited with {result.returncode}", code="pyinstaller")
    name = executable_name()
    folder = dist / name.removesuffix(".exe")
    executable = folder / name
    if not executable.exists():
        raise BuildError(f"PyInstaller produced no {executable}", code="pyinstaller")
    app = dist / f"{EXE_NAME}.app"
    return Bundle(folder, executable, app if app.exists() else None)


def main(argv: list[str] | None = None) -> int:
    """Command line: build the bundle and report its size."""
    parser = argparse.ArgumentParser(prog="python -m installers.bundle", description=__doc__)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="intermediate files")
    parser.add_argument("--config", type=Path, help="build configuration JSON to ship instead")
    parser.add_argument(
        "--production",
        action="store_true",
        help="a customer release: refuse a configuration without pinned recipients",
    )
    args = parser.parse_args(argv)
    try:
        bundle = build_bundle(
            args.dist.resolve(), args.work.resolve(), args.config, production=args.production
        )
    except BuildError as exc:
        print(f"bundle: {exc}", file=sys.stderr)
        return 1
    size = tree_size(bundle.folder)
    print(f"bundle: {bundle.folder} ({size / 1e6:.1f} MB unpacked)")
    if bundle.app is not None:
        print(f"bundle: {bundle.app}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
