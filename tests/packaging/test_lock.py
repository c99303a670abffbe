"""The release toolchain lock file: complete, hashed, what the tests build with, and the source
of the macOS minimum version."""

from __future__ import annotations

import importlib.metadata
import plistlib
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from installers.macos.minimum import LOCK, as_text, check_app, from_lock, wheel_minimum
from installers.macos.plist import render_info_plist
from installers.project import ROOT, BuildError
from noomus_desktop import __version__


def _lock() -> dict[str, dict[str, Any]]:
    data = tomllib.loads(LOCK.read_text("utf-8"))
    return {package["name"]: package for package in data["packages"]}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_lock_pins_the_app_and_the_build_tools() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["gui"]]
    names = {_normal(re.split(r"[<>=!~ ;\[]", spec, maxsplit=1)[0]) for spec in wanted}
    locked = _lock()
    assert names | {"pyinstaller", "dmgbuild"} <= set(locked)
    assert "sys_platform == 'darwin'" in str(locked["dmgbuild"].get("marker"))


def test_every_locked_file_has_a_sha256() -> None:
    for name, package in _lock().items():
        files = [*package.get("wheels", []), *([package["sdist"]] if "sdist" in package else [])]
        assert files, name
        for file in files:
            assert re.fullmatch(r"[0-9a-f]{64}", file["hashes"]["sha256"]), (name, file["url"])


@pytest.mark.parametrize("name", ["PySide6-Essentials", "shiboken6", "pyinstaller"])
def test_the_tests_build_with_the_locked_versions(name: str) -> None:
    # The bundle size test (150 MB, a few MB of headroom) measures what the release ships.
    locked = _lock()[_normal(name)]["version"]
    assert importlib.metadata.version(name) == locked, f"{name}: reinstall from {LOCK.name}"


@pytest.mark.parametrize("arch", ["arm64", "x86_64"])
def test_macos_minimum_is_the_bundled_pyside6_wheels(arch: str) -> None:
    wheels = [Path(w["url"]).name for w in _lock()["pyside6-essentials"]["wheels"]]
    pyside = max(m for w in wheels if (m := wheel_minimum(w, arch)) is not None)
    plist = plistlib.loads(render_info_plist(__version__, arch))
    claimed = tuple(int(p) for p in plist["LSMinimumSystemVersion"].split("."))
    assert claimed >= pyside, f"PySide6 needs macOS {as_text(pyside)}"
    assert plist["LSMinimumSystemVersion"] == as_text(from_lock(arch))


def test_a_newer_wheel_raises_the_minimum(tmp_path: Path) -> None:
    lock = tmp_path / "pylock.toml"
    text = LOCK.read_text("utf-8")
    assert re.search(r"macosx_\d+_\d+_universal2", text)
    lock.write_text(re.sub(r"macosx_\d+_\d+_universal2", "macosx_15_2_universal2", text))
    assert from_lock("arm64", lock) == (15, 2)
    assert wheel_minimum("x-1-cp311-cp311-macosx_13_0_x86_64.whl", "arm64") is None
    assert wheel_minimum("x-1-cp311-cp311-macosx_13_0_x86_64.whl", "x86_64") == (13, 0)


def test_an_app_claiming_an_older_macos_than_its_wheels_is_refused(tmp_path: Path) -> None:
    app = tmp_path / "Noomus.app"
    (app / "Contents").mkdir(parents=True)
    (app / "Contents" / "Info.plist").write_bytes(
        plistlib.dumps({"LSMinimumSystemVersion": "10.13"})
    )
    with pytest.raises(BuildError, match=r"claims macOS 10\.13"):
        check_app(app, "arm64")
    (app / "Contents" / "Info.plist").write_bytes(
        plistlib.dumps({"LSMinimumSystemVersion": as_text(from_lock("arm64"))})
    )
    check_app(app, "arm64")
