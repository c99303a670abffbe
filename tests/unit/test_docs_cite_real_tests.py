"""Every test the documents name exists: a promise in ``docs/`` or the README names the test
that keeps it, and a renamed or deleted test must not leave the promise pointing at nothing."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
#: A name, or a prefix ending in ``*`` (``test_msi_versions_*``: every test it starts).
_CITED = re.compile(r"\btest_[A-Za-z0-9_]+\*?")
_DEFINED = re.compile(r"^\s*(?:async\s+)?def (test_[A-Za-z0-9_]+)", re.MULTILINE)


def defined_names() -> set[str]:
    """Test functions, and test modules by their file name, anywhere under ``tests/``."""
    names: set[str] = set()
    for path in (ROOT / "tests").rglob("test_*.py"):
        if "node_modules" in path.parts:
            continue
        names.add(path.stem)
        names.update(_DEFINED.findall(path.read_text(encoding="utf-8")))
    return names


def cited_names() -> dict[str, set[str]]:
    return {
        path.relative_to(ROOT).as_posix(): set(_CITED.findall(path.read_text(encoding="utf-8")))
        for path in DOCUMENTS
    }


def test_the_documents_cite_tests() -> None:
    # A pattern that no longer matches would make the next test pass on nothing.
    assert sum(len(names) for names in cited_names().values()) > 100


def test_every_cited_test_exists() -> None:
    defined = defined_names()

    def exists(cited: str) -> bool:
        if cited.endswith("*"):
            return any(name.startswith(cited[:-1]) for name in defined)
        return cited in defined

    missing = {
        doc: sorted(name for name in names if not exists(name))
        for doc, names in cited_names().items()
    }
    assert {doc: names for doc, names in missing.items() if names} == {}
