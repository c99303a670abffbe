"""The import rules of docs/architecture.md, read from the source (every import, lazy ones too).

- ``noomus_desktop.core`` never imports Qt, the window, the CLI or the server: the CLI, the
  window and the tests all drive the same core.
- ``noomus_desktop.cli`` (the headless face) never imports Qt or the window.
- Nothing in ``noomus_desktop`` imports ``noomus_extranet`` except the ``--demo`` launcher.
- The staff tool (``noomus_desktop.staff``) imports neither the server nor Qt nor the faces:
  it is installed on staff machines with the client package and must run without them.
- ``noomus_extranet`` takes from the client only the version, the one age implementation and
  the staff tool's restoring (for ``deliveries decrypt``) and terminal escaping.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(path: Path, root: Path = ROOT) -> Iterator[tuple[int, str]]:
    """Every module ``path`` imports, with its line: top-level, inside functions, relative."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    parts = path.relative_to(root).with_suffix("").parts[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{parent}.{base}" if base else parent
            yield node.lineno, base
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"


def violations(
    folder: str,
    forbidden: tuple[str, ...],
    allowed_files: tuple[str, ...] = (),
    root: Path = ROOT,
) -> list[str]:
    found = []
    for path in sorted((root / folder).rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if relative in allowed_files:
            continue
        for line, module in imported_modules(path, root):
            if any(module == f or module.startswith(f + ".") for f in forbidden):
                found.append(f"{relative}:{line} imports {module}")
    return found


def test_core_imports_neither_qt_nor_the_faces_nor_the_server() -> None:
    forbidden = (
        "PySide6",
        "shiboken6",
        "noomus_desktop.ui",
        "noomus_desktop.cli",
        "noomus_desktop.app",
        "noomus_desktop.i18n",
        "noomus_extranet",
    )
    assert violations("noomus_desktop/core", forbidden) == []


def test_the_cli_imports_neither_qt_nor_the_window() -> None:
    forbidden = ("PySide6", "noomus_desktop.ui", "noomus_desktop.app")
    found = [
        f"cli.py:{line} imports {module}"
        for line, module in imported_modules(ROOT / "noomus_desktop" / "cli.py")
        if any(module == f or module.startswith(f + ".") for f in forbidden)
    ]
    assert found == []


def test_only_the_demo_launcher_imports_the_server() -> None:
    found = violations(
        "noomus_desktop", ("noomus_extranet",), allowed_files=("noomus_desktop/demo.py",)
    )
    assert found == []


def test_the_staff_tool_imports_neither_the_server_nor_qt_nor_the_faces() -> None:
    forbidden = (
        "noomus_extranet",
        "PySide6",
        "shiboken6",
        "noomus_desktop.ui",
        "noomus_desktop.app",
        "noomus_desktop.cli",
        "noomus_desktop.demo",
    )
    assert violations("noomus_desktop/staff", forbidden) == []


def test_the_server_takes_only_the_version_the_age_engine_and_file_helpers_from_the_client() -> (
    None
):
    allowed = (
        "noomus_desktop",
        "noomus_desktop.__version__",
        "noomus_desktop.core.crypto",
        "noomus_desktop.core.fsutil",  # durable writes and file hashes: the standard library only
        "noomus_desktop.staff",
    )
    taken = {
        module
        for path in (ROOT / "noomus_extranet").rglob("*.py")
        for _, module in imported_modules(path)
        if module.split(".")[0] == "noomus_desktop"
    }
    staff = (
        "noomus_desktop.staff.restore",
        "noomus_desktop.staff.errors",
        "noomus_desktop.staff.display",
    )
    assert {
        m
        for m in taken
        if m not in allowed
        and not m.startswith(("noomus_desktop.core.crypto.", "noomus_desktop.core.fsutil."))
        and not m.startswith(staff)
    } == set()


@pytest.mark.parametrize(
    ("source", "module"),
    [
        ("from PySide6.QtCore import QObject\n", "PySide6.QtCore"),
        ("def later() -> None:\n    import noomus_desktop.ui.tray\n", "noomus_desktop.ui.tray"),
        ("from ..ui import tray\n", "noomus_desktop.ui"),
        ("from noomus_extranet import demo\n", "noomus_extranet"),
    ],
)
def test_the_scanner_sees_every_kind_of_import(tmp_path: Path, source: str, module: str) -> None:
    core = tmp_path / "noomus_desktop" / "core"
    core.mkdir(parents=True)
    (core / "probe.py").write_text(source, encoding="utf-8")
    found = violations(
        "noomus_desktop/core", ("PySide6", "noomus_desktop.ui", "noomus_extranet"), root=tmp_path
    )
    line = source.count("\n")
    assert found[0] == f"noomus_desktop/core/probe.py:{line} imports {module}"
