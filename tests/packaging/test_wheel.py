"""The wheel, built by pip from a clean copy of the checkout, holds every resource the app loads.

The icons and ``.qm`` catalogues are not committed in the package: ``setup.py`` builds them from
``resources/``. Without that step a wheel installs an app with no icons that speaks English.
The build runs in pip's isolated environment with the project's own build requirements, and
without this virtual environment on ``PATH``, so it proves what a fresh machine gets.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from noomus_desktop import i18n
from noomus_desktop.ui.icons import ICONS
from scripts.build_resources import SOURCES
from tests.packaging.checkout import clean_copy
from tests.unit.test_translations import TRANSLATED, read_ts, ts_path

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

PACKAGE_RESOURCES = "noomus_desktop/resources"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    if shutil.which("git") is None:
        pytest.skip("git is needed to make a clean copy of the checkout")
    base = tmp_path_factory.mktemp("wheel")
    source = clean_copy(base / "src")
    venv_bin = str(Path(sys.executable).parent)
    path = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if p != venv_bin)
    env = {k: v for k, v in os.environ.items() if k not in {"LRELEASE", "PYTHONPATH"}}
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(base / "dist"), "."],
        cwd=source,
        env={**env, "PATH": path},
        check=True,
    )
    (built,) = (base / "dist").glob("noomus_desktop-*.whl")
    return zipfile.ZipFile(built)


def test_wheel_holds_every_icon_the_app_loads(wheel: zipfile.ZipFile) -> None:
    for name in ICONS:
        shipped = wheel.read(f"{PACKAGE_RESOURCES}/icons/{name}.svg")
        assert shipped == (SOURCES / "icons" / f"{name}.svg").read_bytes()


def test_wheel_holds_a_compiled_catalogue_for_every_language(wheel: zipfile.ZipFile) -> None:
    folder = "/".join(("noomus_desktop", *i18n.TRANSLATIONS))
    for language in TRANSLATED:
        data = wheel.read(f"{folder}/{i18n.CATALOGUE_PREFIX}{language}.qm")
        messages, _rules = i18n.read_qm(data)
        # Compiled from the source of that language, every message of it.
        sources = read_ts(ts_path(language))
        assert set(messages) == {(e.context, e.source, e.comment) for e in sources}


def test_wheel_holds_run_time_data_only(wheel: zipfile.ZipFile) -> None:
    resources = [n for n in wheel.namelist() if n.startswith(f"{PACKAGE_RESOURCES}/")]
    assert f"{PACKAGE_RESOURCES}/build-config.json" in resources
    assert not [n for n in resources if n.endswith((".ts", ".md", ".tmp"))]
