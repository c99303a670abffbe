#!/usr/bin/env python3
"""Build the package data the app loads at run time from the sources under ``resources/``.

================================  =========================================================
source (committed, ``resources/``)  package data (``noomus_desktop/resources/``, git-ignored)
================================  =========================================================
``icons/*.svg``                   ``icons/*.svg``, copied as they are
``translations/*.ts``             ``translations/*.qm``, compiled by Qt's ``lrelease``
================================  =========================================================

The build configurations (``build-config.json``, ``demo-config.json``) are not built: they
are committed in the package and read at run time as they are (the installers ship another
``build-config.json`` in place of the committed one), so they have no source elsewhere.

One step for every way the app is installed: ``setup.py`` runs it for a wheel and an editable
install, ``scripts/bootstrap.sh`` for the checkout, ``installers/spec_support.py`` for the
PyInstaller bundle. Standard library only, as ``setup.py`` runs it in an isolated build
environment. Usage: ``python scripts/build_resources.py [--target DIR] [--strict]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The committed sources: icons, translation sources, the translators' glossary.
SOURCES = ROOT / "resources"
#: Where the app reads its resources through ``importlib.resources``.
PACKAGE_RESOURCES = ROOT / "noomus_desktop" / "resources"


class ResourceBuildError(Exception):
    """A resource the app loads cannot be built (no lrelease, or lrelease failed)."""


@dataclass(frozen=True)
class Rule:
    """Every ``pattern`` file in ``folder`` of the sources becomes ``<stem><suffix>`` in
    ``folder`` of the package data, made by ``make(source, output)``."""

    folder: str
    pattern: str
    suffix: str
    make: Callable[[Path, Path], None]


def find_lrelease() -> str | None:
    """Qt's catalogue compiler: ``$LRELEASE``, else PySide6's wrapper beside this Python (a
    virtual environment or the isolated build environment), else on ``PATH``."""
    if configured := os.environ.get("LRELEASE"):
        return configured
    scripts = Path(sys.executable).parent
    return shutil.which("pyside6-lrelease", path=str(scripts)) or shutil.which("pyside6-lrelease")


def _copy(source: Path, output: Path) -> None:
    shutil.copy2(source, output)


def _compile(source: Path, output: Path) -> None:
    lrelease = find_lrelease()
    if lrelease is None:
        raise ResourceBuildError(
            f"pyside6-lrelease not found to compile {source.name} (install PySide6-Essentials)"
        )
    try:
        result = subprocess.run(
            [lrelease, "-silent", str(source), "-qm", str(output)],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as exc:  # $LRELEASE names nothing runnable
        raise ResourceBuildError(f"cannot run {lrelease}: {exc}") from exc
    if result.returncode != 0 or not output.is_file():
        raise ResourceBuildError(f"lrelease failed on {source.name}: {result.stderr.strip()}")


ICONS = Rule("icons", "*.svg", ".svg", _copy)
TRANSLATIONS = Rule("translations", "*.ts", ".qm", _compile)
RULES: tuple[Rule, ...] = (ICONS, TRANSLATIONS)


def build_resources(
    target: Path = PACKAGE_RESOURCES, sources: Path = SOURCES, rules: tuple[Rule, ...] = RULES
) -> list[Path]:
    """Bring the package data in ``target`` up to date with ``sources``; return every file
    built (up to date or not). Only an output older than its source is made again, and an
    output whose source is gone is removed. ResourceBuildError when one cannot be made."""
    built = []
    for rule in rules:
        folder = target / rule.folder
        wanted = {
            (folder / f"{source.stem}{rule.suffix}"): source
            for source in sorted((sources / rule.folder).glob(rule.pattern))
        }
        if folder.is_dir():
            for orphan in set(folder.glob(f"*{rule.suffix}")) - wanted.keys():
                orphan.unlink()
        for output, source in wanted.items():
            if not output.exists() or output.stat().st_mtime < source.stat().st_mtime:
                _make(rule, source, output)
            built.append(output)
    return built


def _make(rule: Rule, source: Path, output: Path) -> None:
    # Made beside, then renamed: the app or a test reading it meanwhile never sees half a file.
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f"{output.name}.{os.getpid()}.tmp")
    try:
        rule.make(source, partial)
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    """Command line. Without ``--strict`` a missing lrelease is a warning (the checkout still
    runs, in English): bootstrap must not fail on a machine without the gui extra."""
    parser = argparse.ArgumentParser(prog="build_resources.py", description=__doc__.split("\n")[0])
    parser.add_argument("--target", type=Path, default=PACKAGE_RESOURCES, help="package data")
    parser.add_argument("--strict", action="store_true", help="fail when lrelease is missing")
    args = parser.parse_args(argv)
    rules = RULES
    if not args.strict and find_lrelease() is None:
        print(
            "build_resources: pyside6-lrelease not found (install the gui extra); "
            "the app will speak English",
            file=sys.stderr,
        )
        rules = (ICONS,)
    try:
        build_resources(args.target, rules=rules)
    except ResourceBuildError as exc:
        print(f"build_resources: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
