"""docs/architecture.md matches the code: every name its tables list can be imported from the
module the table names, and every module of the client core, the staff tool and the server
has a row."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "architecture.md"
_ROW = re.compile(r"^\| `(noomus_[a-z_/]+(?:\.py|/))`[^|]*\|[^|]*\| (.*) \|$")


def listed() -> list[tuple[str, str]]:
    """(module, name) for every name in every table row of the document."""
    pairs: list[tuple[str, str]] = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        match = _ROW.match(line)
        if match is None:
            continue
        module = match.group(1).removesuffix(".py").removesuffix("/").replace("/", ".")
        pairs.extend(
            (module, name) for name in re.findall(r"`([A-Za-z_][A-Za-z0-9_]*)`", match.group(2))
        )
    return pairs


def documented_paths() -> set[str]:
    return {
        match.group(1)
        for line in DOC.read_text(encoding="utf-8").splitlines()
        if (match := _ROW.match(line)) is not None
    }


def test_the_document_lists_names() -> None:
    # A table the pattern no longer reads would make the next test pass on nothing.
    assert len(listed()) > 100


@pytest.mark.parametrize(("module", "name"), listed())
def test_every_listed_name_exists(module: str, name: str) -> None:
    imported = importlib.import_module(module)
    if not hasattr(imported, name):
        importlib.import_module(f"{module}.{name}")  # a submodule named in a package's row


def modules_of(package: str) -> set[str]:
    """``package``'s modules and subpackages, as the document's rows spell them."""
    root = ROOT / package
    return {
        f"{package}/{path.name}" for path in root.glob("*.py") if not path.name.startswith("_")
    } | {
        f"{package}/{path.name}/"
        for path in root.iterdir()
        if path.is_dir() and (path / "__init__.py").exists()
    }


@pytest.mark.parametrize(
    "package", ["noomus_desktop/core", "noomus_desktop/staff", "noomus_extranet"]
)
def test_every_module_has_a_row(package: str) -> None:
    assert modules_of(package) - documented_paths() == set()
