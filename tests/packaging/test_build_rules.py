"""The rules the build follows: one version, what the bundle prunes, the self-test's verdict."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from installers.entry import main as entry_main
from installers.project import (
    BuildError,
    is_prerelease,
    msi_version,
    numeric_version,
    read_version,
)
from installers.spec_support import app_languages, is_pruned, resource_datas
from noomus_desktop import __version__
from noomus_desktop.core import paths
from noomus_desktop.selftest import CheckResult, format_report


def test_version_is_read_from_the_package_without_importing_it() -> None:
    assert read_version() == __version__


@pytest.mark.parametrize(
    ("version", "numeric"),
    [("0.1.0", "0.1.0"), ("1.2", "1.2.0"), ("2.0.0rc1", "2.0.0"), ("3.1.4.post2", "3.1.4")],
)
def test_installers_get_a_numeric_version(version: str, numeric: str) -> None:
    assert numeric_version(version) == numeric


@pytest.mark.parametrize("version", ["v1.0", "256.0.0", "1.0.70000"])
def test_versions_an_msi_cannot_hold_are_refused(version: str) -> None:
    with pytest.raises(BuildError):
        numeric_version(version)


@pytest.mark.parametrize(
    ("version", "msi", "prerelease"),
    [
        ("1.2.0a1", "1.2.0.1", True),
        ("1.2.0b2", "1.2.0.102", True),
        ("1.2.0rc1", "1.2.0.201", True),
        ("1.2.0", "1.2.0.1000", False),
        ("1.2.0.post3", "1.2.0.1003", False),
        ("1.3", "1.3.0.1000", False),
    ],
)
def test_msi_versions_order_pre_final_and_post_releases(
    version: str, msi: str, prerelease: bool
) -> None:
    assert msi_version(version) == msi
    assert is_prerelease(version) is prerelease


def test_msi_versions_keep_release_order() -> None:
    ordered = ["1.2.0a1", "1.2.0b1", "1.2.0rc1", "1.2.0rc2", "1.2.0", "1.2.0.post1", "1.2.1rc1"]
    numbers = [tuple(map(int, msi_version(v).split("."))) for v in ordered]
    assert numbers == sorted(numbers)
    assert len(set(numbers)) == len(numbers)


@pytest.mark.parametrize("version", ["1.2.0.dev1", "1.2.0rc100", "1.2.0rc1.post1", "x"])
def test_versions_the_msi_cannot_order_are_refused(version: str) -> None:
    with pytest.raises(BuildError):
        msi_version(version)


@pytest.mark.parametrize(
    ("dest", "pruned"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", False),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", True),
        ("PySide6/Qt/plugins/imageformats/libqpdf.so", True),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", True),
        ("PySide6/Qt/lib/libQt6Quick.so.6", True),
        ("PySide6/Qt/translations/qtbase_fi.qm", False),
        ("PySide6/Qt/translations/qtbase_de.qm", True),
        ("PySide6/Qt/translations/qtwebengine_fi.qm", True),
        ("noomus_desktop/resources/translations/noomus_fi.qm", False),
    ],
)
def test_bundle_pruning(dest: str, pruned: bool) -> None:
    assert is_pruned(dest, {"fi", "sv"}) is pruned


def test_app_languages_come_from_the_translation_file_names() -> None:
    assert {"fi", "sv"} <= app_languages()


def test_self_test_report_names_every_failure() -> None:
    report = format_report(
        [
            CheckResult("qt", True, "Qt 6"),
            CheckResult("keyring", False, "no keyring backends registered"),
        ]
    )
    assert "FAIL  keyring  no keyring backends registered" in report
    assert report.rstrip().endswith("self-test FAILED (keyring): 1 of 2 checks ok")


def test_self_test_passes_from_the_source_tree() -> None:
    # A child process: the self-test makes its own QApplication, as the frozen app does.
    result = subprocess.run(
        [sys.executable, "-m", "noomus_desktop.selftest"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(source," in result.stdout
    assert "self-test passed: 7 of 7 checks ok" in result.stdout


def test_a_replacement_build_configuration_ships_under_the_name_the_app_reads(
    tmp_path: Path,
) -> None:
    custom = tmp_path / "acme.json"
    custom.write_text(json.dumps({"default_server_url": "https://extranet.acme.example"}))
    datas = resource_datas(custom, tmp_path / "work")
    configs = [Path(src) for src, dest in datas if Path(src).name == "build-config.json"]
    assert len(configs) == 1
    assert json.loads(configs[0].read_text())["default_server_url"].endswith("acme.example")
    assert not any(Path(src).name == "demo-config.json" for src, _ in datas)


def test_a_broken_build_configuration_stops_the_build(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"default_server_url": "ftp://nowhere"')
    with pytest.raises(BuildError) as error:
        resource_datas(broken, tmp_path / "work")
    assert error.value.code == "bad_config"


def test_remove_user_data_deletes_queue_settings_and_logs(noomus_home: Path) -> None:
    for folder in (paths.data_dir(), paths.config_dir(), paths.log_dir()):
        (folder / "something").write_text("x")
    assert entry_main(["--remove-user-data"]) == 0
    assert not any(p.is_file() for p in noomus_home.rglob("*"))


def test_missing_system_libraries_are_named_with_their_packages() -> None:
    from installers.system_libraries import REQUIRED, _loads, message, missing

    assert missing() == {}  # this machine can run Qt
    assert not _loads("libnoomus-not-there.so.9")
    absent = missing(REQUIRED, loads=lambda name: name != "libGL.so.1")
    assert absent == {"libGL.so.1": "libgl1"}
    assert "sudo apt install libgl1" in message(absent)
