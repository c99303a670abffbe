"""The Windows MSI, built with wixl from a small fake bundle and read back with msiinfo."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from installers.project import BUILD_CONFIG
from installers.windows.msi import WXS, build_msi
from tests.packaging.msi_tables import properties, table, word_count

pytestmark = pytest.mark.skipif(
    shutil.which("wixl") is None or shutil.which("msiinfo") is None,
    reason="wixl and msiinfo are needed (Debian packages wixl and msitools)",
)

PAYLOAD = {
    "Noomus.exe": b"MZ fake executable",
    "_internal/python311.dll": b"fake dll",
    "_internal/noomus_desktop/resources/build-config.json": b"{}",
    "_internal/PySide6/plugins/platforms/qwindows.dll": b"fake plugin",
}


@pytest.fixture(scope="module")
def icon(icons: dict[str, Path]) -> Path:
    return icons["ico"]


def _bundle(root: Path) -> Path:
    for relative, data in PAYLOAD.items():
        path = root / "Noomus" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root / "Noomus"


def _build(tmp: Path, icon: Path, version: str) -> Path:
    bundle = _bundle(tmp / f"bundle-{version}")
    work = tmp / f"work-{version}"
    return build_msi(bundle, tmp / "out", work, version=version, icon=icon, config=BUILD_CONFIG)


@pytest.fixture(scope="module")
def msi(tmp_path_factory: pytest.TempPathFactory, icon: Path) -> Path:
    return _build(tmp_path_factory.mktemp("msi"), icon, "0.1.0")


def _upgrade_code() -> str:
    match = re.search(r'UpgradeCode="([0-9A-F-]+)"', WXS.read_text("utf-8"))
    assert match is not None
    return "{" + match.group(1) + "}"


def test_per_user_install_needs_no_administrator(msi: Path) -> None:
    props = properties(msi)
    assert "ALLUSERS" not in props  # unset: a per-user installation
    assert word_count(msi) & 8, "summary Word Count must say elevated privileges are not needed"
    directories = {row["Directory"]: row for row in table(msi, "Directory")}
    assert directories["INSTALLDIR"]["Directory_Parent"] == "UserProgramsFolder"
    assert directories["UserProgramsFolder"]["Directory_Parent"] == "LocalAppDataFolder"


def test_start_menu_and_send_to_shortcuts_start_the_app(msi: Path) -> None:
    shortcuts = {row["Directory_"]: row for row in table(msi, "Shortcut")}
    assert set(shortcuts) == {"ProgramMenuFolder", "SendToFolder"}
    for row in shortcuts.values():
        assert row["Name"] == "Noomus"
        assert row["Target"] == "[#NoomusExe]"
        assert row["Icon_"] == "noomus.ico"
    files = {row["File"]: row for row in table(msi, "File")}
    assert files["NoomusExe"]["FileName"] == "Noomus.exe"
    assert [row["Name"] for row in table(msi, "Icon")] == ["noomus.ico"]


def test_every_bundle_file_is_installed(msi: Path, tmp_path: Path) -> None:
    subprocess.run(["msiextract", "-C", str(tmp_path), str(msi)], check=True, capture_output=True)
    extracted = {
        p.relative_to(tmp_path).as_posix().split("Noomus/", 1)[1]: p.read_bytes()
        for p in tmp_path.rglob("*") if p.is_file()
    }
    assert extracted == PAYLOAD


def test_add_remove_programs_entries_come_from_the_build_configuration(msi: Path) -> None:
    props = properties(msi)
    assert props["ARPPRODUCTICON"] == "noomus.ico"
    assert props["ARPCONTACT"] == "coordinators@noomus.fi"
    assert props["ARPHELPTELEPHONE"].startswith("+358")
    assert props["ARPHELPLINK"].startswith("https://")
    assert props["ARPNOMODIFY"] == "1"
    assert props["Manufacturer"] == "Noomus Oy"


def test_admin_properties_are_written_to_hkcu_and_kept_across_upgrades(msi: Path) -> None:
    key = r"Software\Noomus\Desktop"
    values = {row["Name"]: row for row in table(msi, "Registry") if row["Key"] == key}
    assert values["ServerUrl"]["Value"] == "[SERVERURL]"
    assert values["Autostart"]["Value"] == "[AUTOSTART]"
    assert {row["Root"] for row in values.values()} == {"1"}  # HKCU
    searches = {row["Name"]: row for row in table(msi, "RegLocator")}
    assert searches["ServerUrl"]["Key"] == r"Software\Noomus\Desktop"
    sequence = {row["Action"]: row for row in table(msi, "InstallExecuteSequence")}
    assert int(sequence["KeepServerUrl"]["Sequence"]) > int(sequence["AppSearch"]["Sequence"])
    assert sequence["KeepServerUrl"]["Condition"] == "SAVEDSERVERURL AND NOT SERVERURL"


def test_uninstall_keeps_user_data_unless_asked(msi: Path) -> None:
    action = {row["Action"]: row for row in table(msi, "CustomAction")}["RemoveUserData"]
    assert action["Source"] == "NoomusExe"
    assert action["Target"] == "--remove-user-data"
    sequence = {row["Action"]: row for row in table(msi, "InstallExecuteSequence")}
    condition = sequence["RemoveUserData"]["Condition"]
    assert "REMOVEUSERDATA=1" in condition
    assert "NOT UPGRADINGPRODUCTCODE" in condition  # an upgrade never deletes the queue
    # Before the files go (the action runs the installed executable).
    assert int(sequence["RemoveUserData"]["Sequence"]) < int(sequence["RemoveFiles"]["Sequence"])


def test_major_upgrade_replaces_an_older_version(tmp_path: Path, icon: Path, msi: Path) -> None:
    newer = _build(tmp_path, icon, "0.2.0")
    old_props, new_props = properties(msi), properties(newer)
    assert old_props["UpgradeCode"].upper() == new_props["UpgradeCode"].upper() == _upgrade_code()
    assert old_props["ProductCode"] != new_props["ProductCode"]
    assert new_props["ProductVersion"] == "0.2.0"
    upgrade = {row["ActionProperty"]: row for row in table(newer, "Upgrade")}
    assert upgrade["WIX_UPGRADE_DETECTED"]["UpgradeCode"] == _upgrade_code()
    assert upgrade["WIX_UPGRADE_DETECTED"]["VersionMax"] == "0.2.0"
    assert upgrade["WIX_DOWNGRADE_DETECTED"]["VersionMin"] == "0.2.0"
    rows = table(newer, "InstallExecuteSequence")
    sequence = {row["Action"]: int(row["Sequence"]) for row in rows}
    # The old version goes completely before the new one is installed.
    assert (
        sequence["InstallValidate"]
        < sequence["RemoveExistingProducts"]
        < sequence["InstallInitialize"]
    )
    # Same file, same component GUID: the Windows Installer's component rules hold.
    old_components = {row["Component"]: row["ComponentId"] for row in table(msi, "Component")}
    new_components = {row["Component"]: row["ComponentId"] for row in table(newer, "Component")}
    assert old_components == new_components
