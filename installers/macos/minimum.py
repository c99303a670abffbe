"""The oldest macOS the app runs on, computed from the wheels it bundles.

A wheel tagged ``macosx_14_0`` holds binaries linked for macOS 14: on an older system the app
would crash at start instead of being refused by Finder with a clear message. So
``LSMinimumSystemVersion`` is never typed by hand; it is the highest minimum among the macOS
wheels in the release lock file (``installers/lock/pylock.release.toml``) for the build's
architecture, taking for each package its highest such wheel (pip prefers the most specific
wheel a system accepts, so it may pick that one).

``python -m installers.macos.minimum --check Noomus.app`` (the release workflow, on macOS)
compares the built app's plist with the wheels actually installed.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import plistlib
import re
import sys
import tomllib
from collections.abc import Iterable
from pathlib import Path

from installers.project import ROOT, BuildError

LOCK = ROOT / "installers" / "lock" / "pylock.release.toml"
_TAG = re.compile(r"macosx_(\d+)_(\d+)_(\w+?)(?:\.whl)?$")
#: Which wheel architectures run on which machine.
_RUNS_ON = {
    "arm64": {"arm64", "universal2"},
    "x86_64": {"x86_64", "intel", "universal2", "universal", "fat64"},
}
#: Python itself (python.org and actions/setup-python builds) needs at least this.
PYTHON_MINIMUM = (11, 0)

Version = tuple[int, int]


def wheel_minimum(tag_or_name: str, arch: str) -> Version | None:
    """The macOS version a wheel file name or tag needs on ``arch``; None if not for it."""
    for part in tag_or_name.split("."):
        match = _TAG.search(part)
        if match and match.group(3) in _RUNS_ON[arch]:
            return int(match.group(1)), int(match.group(2))
    return None


def highest(versions: Iterable[Version | None]) -> Version | None:
    """The highest of the versions that are not None."""
    return max((v for v in versions if v is not None), default=None)


def from_lock(arch: str, lock: Path = LOCK) -> Version:
    """The minimum for ``arch`` over every package of the lock file."""
    data = tomllib.loads(lock.read_text("utf-8"))
    per_package = (
        highest(wheel_minimum(Path(w["url"]).name, arch) for w in package.get("wheels", []))
        for package in data["packages"]
    )
    return highest([PYTHON_MINIMUM, *per_package]) or PYTHON_MINIMUM


def from_installed(arch: str) -> Version:
    """The minimum over the wheels installed in this environment (their ``WHEEL`` tags)."""
    tags = []
    for dist in importlib.metadata.distributions():
        wheel = dist.read_text("WHEEL") or ""
        tags += [
            line.split(":", 1)[1].strip() for line in wheel.splitlines() if line.startswith("Tag:")
        ]
    return highest([PYTHON_MINIMUM, *(wheel_minimum(t, arch) for t in tags)]) or PYTHON_MINIMUM


def as_text(version: Version) -> str:
    """``(14, 0)`` -> ``"14.0"`` as Info.plist writes it."""
    return f"{version[0]}.{version[1]}"


def check_app(app: Path, arch: str) -> None:
    """Fail when the app's plist claims an older macOS than an installed wheel needs."""
    plist = plistlib.loads((app / "Contents" / "Info.plist").read_bytes())
    claimed = tuple(int(p) for p in plist["LSMinimumSystemVersion"].split(".")[:2])
    needed = from_installed(arch)
    if claimed < needed:
        raise BuildError(
            f"{app} claims macOS {plist['LSMinimumSystemVersion']} but a bundled wheel needs"
            f" {as_text(needed)}",
            code="macos_minimum",
        )


def main(argv: list[str] | None = None) -> int:
    """Print the minimum from the lock, or ``--check`` a built app against the installed wheels."""
    parser = argparse.ArgumentParser(prog="python -m installers.macos.minimum")
    parser.add_argument("--arch", default="arm64", choices=sorted(_RUNS_ON))
    parser.add_argument("--check", type=Path, metavar="APP")
    args = parser.parse_args(argv)
    if args.check is None:
        print(as_text(from_lock(args.arch)))
        return 0
    try:
        check_app(args.check, args.arch)
    except BuildError as exc:
        print(f"minimum: {exc}", file=sys.stderr)
        return 1
    print(f"minimum: {args.check} agrees with the installed wheels")
    return 0


if __name__ == "__main__":
    sys.exit(main())
