"""The Windows MSI, built with wixl from a small fake bundle and read back with msiinfo."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from installers.windows.msi import WXS
from tests.packaging.msi_tables import (
    PAYLOAD,
    build_fake_msi,
    properties,
    suminfo,
    table,
    word_count,
)

pytestmark = pytest.mark.skipif(
    shutil.which("wixl") is None or shutil.which("msiinfo") is None,
    reason="wixl and msiinfo are needed (Debian packages wixl and msitools)",
)


@pytest.fixture(scope="module")
def icon(icons: dict[str, Path]) -> Path:
    return icons["ico"]


def _build(tmp: Path, icon: Path, version: str) -> Path:
    return build_fake_msi(tmp, icon, version)


@pytest.fixture(scope="module")
def msi(tmp_path_factory: pytest.TempPathFactory, icon: Path) -> Path:
    return _build(tmp_path_factory.mktemp("msi"), icon, "0.1.0")


def _upgrade_code() -> str:
    match = re.search(r'UpgradeCode="([0-9A-F-]+)"', WXS.read_text("utf-8"))
    assert match is not None
    return "{" + match.group(1) + "}"


def test_per_user_by_default_per_machine_when_asked(msi: Path) -> None:
    props = properties(msi)
    # ALLUSERS=2 + MSIINSTALLPERUSER=1: per user without UAC; ALLUSERS=1 makes it per machine.
    assert props["ALLUSERS"] == "2"
    assert props["MSIINSTALLPERUSER"] == "1"
    assert word_count(msi) & 8, "summary Word Count must say elevated privileges are not needed"
    directories = {row["Directory"]: row for row in table(msi, "Directory")}
    # Per user Windows maps ProgramFiles64Folder to %LOCALAPPDATA%\Programs: no profile folder
    # in the tables, so no HKCU key paths or RemoveFile rows are needed for the files.
    assert directories["INSTALLDIR"]["Directory_Parent"] == "ProgramFiles64Folder"
    assert "LocalAppDataFolder" not in directories


def test_package_and_every_component_are_64_bit(msi: Path) -> None:
    assert re.search(r"^Template: x64;1033$", suminfo(msi), re.MULTILINE)
    components = table(msi, "Component")
    assert components
    assert all(int(row["Attributes"]) & 256 for row in components), "msidbComponentAttributes64bit"


def test_every_sequenced_custom_action_exists(msi: Path) -> None:
    # wixl silently drops custom actions it cannot author but keeps their sequence rows: such
    # a package fails on Windows with "action not found" (CloseNoomus did).
    sequenced = set(re.findall(r'<Custom Action="(\w+)"', WXS.read_text("utf-8")))
    assert {"CloseNoomus", "LaunchNoomus", "RemoveUserData"} <= sequenced
    custom = {row["Action"] for row in table(msi, "CustomAction")}
    assert sequenced <= custom
    for sequence in ("InstallExecuteSequence", "InstallUISequence"):
        listed = {row["Action"] for row in table(msi, sequence)}
        assert listed & sequenced <= custom


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
        for p in tmp_path.rglob("*")
        if p.is_file()
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


def test_admin_properties_are_written_and_kept_across_upgrades(msi: Path) -> None:
    key = r"Software\Noomus\Desktop"
    values = {row["Name"]: row for row in table(msi, "Registry") if row["Key"] == key}
    assert values["ServerUrl"]["Value"] == "[SERVERURL]"
    assert values["Autostart"]["Value"] == "[AUTOSTART]"
    assert values["UpdateCheck"]["Value"] == "[UPDATECHECK]"
    # HKMU (-1): HKCU for a per-user install, HKLM (the policy the app reads) per machine.
    assert {row["Root"] for row in table(msi, "Registry")} == {"-1"}
    searches = {row["Signature_"]: row for row in table(msi, "RegLocator")}
    assert searches["SavedServerUrl"]["Root"] == "1"  # HKCU
    assert searches["SavedMachineServerUrl"]["Root"] == "2"  # HKLM
    assert all(row["Key"] == key for row in searches.values())
    sequence = {row["Action"]: row for row in table(msi, "InstallExecuteSequence")}
    for action in ("KeepServerUrl", "KeepMachineServerUrl", "KeepAutostart", "KeepUpdateCheck"):
        assert int(sequence[action]["Sequence"]) > int(sequence["AppSearch"]["Sequence"])
    assert sequence["KeepServerUrl"]["Condition"] == "SAVEDSERVERURL AND NOT SERVERURL"


def test_admin_properties_are_secure(msi: Path) -> None:
    # An elevated (per-machine) install passes only Secure properties to the part that writes
    # the registry: without this SERVERURL and AUTOSTART were silently dropped.
    secure = set(properties(msi)["SecureCustomProperties"].split(";"))
    assert {"SERVERURL", "AUTOSTART", "UPDATECHECK", "LAUNCHAPP", "REMOVEUSERDATA"} <= secure
    assert {"WIX_UPGRADE_DETECTED", "WIX_DOWNGRADE_DETECTED"} <= secure


def test_autostart_puts_noomus_in_the_run_key_only_when_asked(msi: Path) -> None:
    run_key = r"Software\Microsoft\Windows\CurrentVersion\Run"
    (row,) = [row for row in table(msi, "Registry") if row["Key"] == run_key]
    assert row["Name"] == "Noomus"
    assert row["Value"] == '"[#NoomusExe]"'  # quoted: the install path may hold spaces
    components = {c["Component"]: c for c in table(msi, "Component")}
    assert components[row["Component_"]]["Condition"] == 'AUTOSTART="1"'
    assert components[row["Component_"]]["KeyPath"] == row["Registry"]


def test_launch_at_the_end_and_close_a_running_app_first(msi: Path) -> None:
    actions = {row["Action"]: row for row in table(msi, "CustomAction")}
    sequence = {row["Action"]: row for row in table(msi, "InstallExecuteSequence")}
    assert actions["LaunchNoomus"]["Source"] == "NoomusExe"
    assert sequence["LaunchNoomus"]["Condition"] == "LAUNCHAPP=1 AND NOT REMOVE"
    assert int(sequence["LaunchNoomus"]["Sequence"]) > int(sequence["InstallFinalize"]["Sequence"])
    close = actions["CloseNoomus"]
    assert int(close["Type"]) & 0x3F == 34 and int(close["Type"]) & 64  # EXE; result ignored
    assert "taskkill.exe" in close["Target"] and "/IM Noomus.exe" in close["Target"]
    assert "WIX_UPGRADE_DETECTED" in sequence["CloseNoomus"]["Condition"]
    assert int(sequence["CloseNoomus"]["Sequence"]) < int(sequence["InstallValidate"]["Sequence"])


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


def _detects(row: dict[str, str], installed: str) -> bool:
    """Whether FindRelatedProducts matches ``installed`` against an Upgrade row, by Windows
    Installer's documented rule: only the first three version fields count, and the bounds
    are exclusive unless the row's attributes say inclusive (0x100 min, 0x200 max)."""

    def key(version: str) -> tuple[int, ...]:
        return tuple(int(part) for part in version.split(".")[:3])

    attributes = int(row["Attributes"])
    if row["VersionMin"]:
        low = key(row["VersionMin"])
        if key(installed) < low or (key(installed) == low and not attributes & 0x100):
            return False
    if row["VersionMax"]:
        high = key(row["VersionMax"])
        if key(installed) > high or (key(installed) == high and not attributes & 0x200):
            return False
    return True


@pytest.mark.parametrize(
    ("older", "newer"),
    [("0.1.0", "0.2.0"), ("0.2.0rc1", "0.2.0"), ("0.2.0", "0.2.0.post1"), ("0.2.0b1", "0.2.0rc2")],
)
def test_a_newer_build_replaces_an_older_one(
    tmp_path: Path, icon: Path, older: str, newer: str
) -> None:
    old_msi, new_msi = _build(tmp_path, icon, older), _build(tmp_path, icon, newer)
    old_props, new_props = properties(old_msi), properties(new_msi)
    assert old_props["UpgradeCode"].upper() == new_props["UpgradeCode"].upper() == _upgrade_code()
    assert old_props["ProductCode"] != new_props["ProductCode"]
    old_version, new_version = old_props["ProductVersion"], new_props["ProductVersion"]
    # Four fields, each build higher than the one before (Add/Remove Programs tells them apart).
    assert len(new_version.split(".")) == 4
    assert tuple(map(int, old_version.split("."))) < tuple(map(int, new_version.split(".")))
    upgrade = {row["ActionProperty"]: row for row in table(new_msi, "Upgrade")}
    assert upgrade["WIX_UPGRADE_DETECTED"]["UpgradeCode"] == _upgrade_code()
    assert upgrade["WIX_UPGRADE_DETECTED"]["VersionMax"] == new_version
    assert _detects(upgrade["WIX_UPGRADE_DETECTED"], old_version), "would install side by side"
    assert not _detects(upgrade["WIX_DOWNGRADE_DETECTED"], old_version)
    # Installing the older one over the newer is refused.
    old_rows = {row["ActionProperty"]: row for row in table(old_msi, "Upgrade")}
    if old_version.split(".")[:3] != new_version.split(".")[:3]:
        assert _detects(old_rows["WIX_DOWNGRADE_DETECTED"], new_version)
    rows = table(new_msi, "InstallExecuteSequence")
    sequence = {row["Action"]: int(row["Sequence"]) for row in rows}
    # The old version goes completely before the new one is installed.
    assert (
        sequence["InstallValidate"]
        < sequence["RemoveExistingProducts"]
        < sequence["InstallInitialize"]
    )
    # Same file, same component GUID: the Windows Installer's component rules hold.
    old_components = {row["Component"]: row["ComponentId"] for row in table(old_msi, "Component")}
    new_components = {row["Component"]: row["ComponentId"] for row in table(new_msi, "Component")}
    assert old_components == new_components
