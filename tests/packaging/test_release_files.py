"""What a release carries besides the installers, and what a production build refuses."""

from __future__ import annotations

import json
import re
import subprocess
import tomllib
from pathlib import Path

import pytest

from installers.bundle import main as bundle_main
from installers.macos.minimum import LOCK
from installers.project import BUILD_CONFIG, BuildError
from installers.release_files import CHECKSUMS, sbom, write_checksums, write_sbom
from installers.signing import SigningReport, write_report
from installers.spec_support import require_production_config


def test_checksums_cover_every_installer_and_sha256sum_accepts_them(tmp_path: Path) -> None:
    for relative in ("windows-msi/Noomus-1.0.0-x64.msi", "macos-arm64/Noomus-1.0.0-arm64.dmg",
                     "linux/noomus-desktop-1.0.0-linux-x86_64.tar.gz"):  # fmt: skip
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_bytes(relative.encode())
    write_report(tmp_path / "macos-arm64/Noomus-1.0.0-arm64.dmg", SigningReport("x", True))
    sums = write_checksums(tmp_path)
    assert sums.name == CHECKSUMS
    lines = sums.read_text().splitlines()
    assert len(lines) == 3  # the signing report is not an installer
    subprocess.run(["sha256sum", "--check", "--strict", CHECKSUMS], cwd=tmp_path, check=True,
                   capture_output=True)  # fmt: skip
    (tmp_path / "linux/noomus-desktop-1.0.0-linux-x86_64.tar.gz").write_bytes(b"tampered")
    result = subprocess.run(["sha256sum", "--check", CHECKSUMS], cwd=tmp_path,
                            capture_output=True, check=False)  # fmt: skip
    assert result.returncode == 1


def test_sbom_lists_every_locked_package_with_its_hashes(tmp_path: Path) -> None:
    document = json.loads(write_sbom(tmp_path, "1.0.0").read_text())
    assert document["bomFormat"] == "CycloneDX" and document["specVersion"] == "1.5"
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", document["serialNumber"])
    assert document["metadata"]["component"]["version"] == "1.0.0"
    locked = {(p["name"], p["version"]) for p in tomllib.loads(LOCK.read_text())["packages"]}
    listed = {(c["name"], c["version"]) for c in document["components"]}
    assert listed == locked
    pyside = next(c for c in document["components"] if c["name"] == "pyside6-essentials")
    assert pyside["purl"] == f"pkg:pypi/pyside6-essentials@{pyside['version']}"
    assert all(
        re.fullmatch(r"[0-9a-f]{64}", ref["hashes"][0]["content"])
        for ref in pyside["externalReferences"]
    )
    refs = {c["bom-ref"] for c in document["components"]}
    assert set(document["dependencies"][0]["dependsOn"]) == refs
    assert sbom("1.0.0")["serialNumber"] != document["serialNumber"]


def test_a_production_build_refuses_a_configuration_without_pinned_recipients(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(BuildError) as error:
        require_production_config(BUILD_CONFIG)  # the committed one pins nothing
    assert error.value.code == "unpinned"
    # The command line stops before PyInstaller runs.
    assert (
        bundle_main(["--production", "--dist", str(tmp_path / "d"), "--work", str(tmp_path / "w")])
        == 1
    )
    assert "must pin them" in capsys.readouterr().err
    assert not (tmp_path / "d").exists()
    pinned = tmp_path / "production.json"
    data = json.loads(BUILD_CONFIG.read_text())
    data["pinned_recipients"] = {data["default_server_url"]: ["age1" + "q" * 58]}
    pinned.write_text(json.dumps(data))
    assert require_production_config(pinned) == pinned
