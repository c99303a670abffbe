"""scripts/build_resources.py: the package data built from resources/, only what is stale,
nothing left whose source is gone, and a loud failure instead of a half-built package."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from noomus_desktop import i18n
from scripts.build_resources import SOURCES, ResourceBuildError, build_resources


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SOURCES, tmp_path / "sources"))


def test_builds_icons_and_catalogues_from_the_sources(sources: Path, tmp_path: Path) -> None:
    target = tmp_path / "package"
    built = build_resources(target, sources)
    icons = {p.name for p in (sources / "icons").glob("*.svg")}
    languages = {p.stem for p in (sources / "translations").glob("*.ts")}
    assert {p.relative_to(target).as_posix() for p in built} == {
        *(f"icons/{name}" for name in icons),
        *(f"translations/{stem}.qm" for stem in languages),
    }
    for path in built:
        if path.suffix == ".qm":
            messages, _rules = i18n.read_qm(path.read_bytes())
            assert messages


def test_remakes_only_what_is_stale_and_drops_orphans(sources: Path, tmp_path: Path) -> None:
    target = tmp_path / "package"
    build_resources(target, sources)
    catalogues = sorted((target / "translations").glob("*.qm"))
    old = {p: p.stat().st_mtime_ns for p in catalogues}
    stale, fresh = catalogues[0], catalogues[1]
    source = sources / "translations" / f"{stale.stem}.ts"
    later = stale.stat().st_mtime + 10
    os.utime(source, (later, later))
    (sources / "icons" / "app.svg").unlink()
    orphan = target / "translations" / "noomus_xx.qm"
    orphan.write_bytes(b"left over")

    build_resources(target, sources)

    assert stale.stat().st_mtime_ns != old[stale]
    assert fresh.stat().st_mtime_ns == old[fresh]
    assert not orphan.exists()
    assert not (target / "icons" / "app.svg").exists()


def test_a_missing_compiler_fails_and_leaves_no_partial_file(
    sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LRELEASE", str(tmp_path / "no-such-lrelease"))
    target = tmp_path / "package"
    with pytest.raises(ResourceBuildError, match="no-such-lrelease"):
        build_resources(target, sources)
    assert not list((target / "translations").iterdir())
