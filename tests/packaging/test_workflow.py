"""The release workflow's promises, read from the workflow file itself: pinned, signed or
stopped, prereleases marked, one gate before publishing."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]  # PyYAML ships no stubs; only safe_load is used

from installers.project import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    return data


def _steps(workflow: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(name, step) for name, job in workflow["jobs"].items() for step in job["steps"]]


def test_every_action_is_pinned_by_commit_sha_with_its_version() -> None:
    uses = re.findall(r"uses:\s*(\S+)(.*)", WORKFLOW.read_text("utf-8"))
    assert uses
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
        assert re.match(r"\s*# v\d", comment), f"{action}: say which version the SHA is"


def test_runner_images_are_named_by_version(workflow: dict[str, Any]) -> None:
    runners = []
    for job in workflow["jobs"].values():
        runs_on = job["runs-on"]
        if "matrix" in str(runs_on):
            runners += [entry["runner"] for entry in job["strategy"]["matrix"]["include"]]
        else:
            runners.append(runs_on)
    assert runners
    assert not [r for r in runners if "latest" in r]
    assert all(re.search(r"\d", r) for r in runners)


def test_linux_is_built_on_the_oldest_glibc_claimed(workflow: dict[str, Any]) -> None:
    assert "bookworm" in workflow["jobs"]["linux"]["container"]  # Debian 12, glibc 2.36


def test_toolchain_comes_from_the_lock_file(workflow: dict[str, Any]) -> None:
    for name in ("linux", "windows-bundle", "windows-msi", "macos"):
        runs = " ".join(step.get("run", "") for step in workflow["jobs"][name]["steps"])
        assert "-r installers/lock/pylock.release.toml" in runs, name
        assert "pyinstaller" not in runs.lower().replace("installers", ""), name


def test_signing_is_required_on_a_tag(workflow: dict[str, Any]) -> None:
    assert "'--require'" in workflow["env"]["REQUIRE_SIGNED"]
    assert "refs/tags/v" in workflow["env"]["REQUIRE_SIGNED"]
    tools = ("installers.windows.sign", "installers.macos.sign")
    runs = [step.get("run", "") for _, step in _steps(workflow)]
    signing = [run for run in runs if any(tool in run for tool in tools)]
    assert len(signing) == 4  # Windows bundle, MSI, macOS app, DMG
    assert all("REQUIRE_SIGNED" in run for run in signing)
    text = WORKFLOW.read_text("utf-8")
    assert ".pfx" not in text and "WINDOWS_CERTIFICATE" not in text  # keys stay in their HSM
    assert "--deep" not in text


def test_the_signed_bundle_is_self_tested_again(workflow: dict[str, Any]) -> None:
    names = [step.get("name", "") for step in workflow["jobs"]["windows-bundle"]["steps"]]
    sign = next(i for i, n in enumerate(names) if n.startswith("Sign every PE file"))
    assert any("Self-test the signed app" in n for n in names[sign:])
    mac = [step.get("name", "") for step in workflow["jobs"]["macos"]["steps"]]
    assert mac.index("Self-test the app as shipped") > next(
        i for i, n in enumerate(mac) if n.startswith("Sign inside-out")
    )


def test_release_is_gated_marked_and_carries_checksums_and_sbom(workflow: dict[str, Any]) -> None:
    release = workflow["jobs"]["release"]
    assert "refs/tags/v" in release["if"]
    assert {"linux", "windows-msi-smoke", "macos"} <= set(release["needs"])
    runs = [step.get("run", "") for step in release["steps"]]
    gate = next(i for i, r in enumerate(runs) if "installers.release_gate artifacts --tag" in r)
    files = next(i for i, r in enumerate(runs) if "installers.release_files" in r)
    publish = next(i for i, r in enumerate(runs) if "gh release create" in r)
    assert gate < files < publish
    assert "--prerelease" in runs[publish]
    assert "needs.version.outputs.prerelease" in str(release["steps"][publish]["env"])
    assert "SHA256SUMS" in runs[publish] and ".cdx.json" in runs[publish]
    assert workflow["jobs"]["version"]["outputs"]["prerelease"]


def test_macos_is_built_for_apple_silicon_and_intel(workflow: dict[str, Any]) -> None:
    arches = {entry["arch"] for entry in workflow["jobs"]["macos"]["strategy"]["matrix"]["include"]}
    assert arches == {"arm64", "x86_64"}


def test_a_tag_builds_with_the_production_configuration(workflow: dict[str, Any]) -> None:
    for name in ("linux", "windows-bundle", "macos"):
        runs = " ".join(step.get("run", "") for step in workflow["jobs"][name]["steps"])
        assert "installers.bundle --production --config" in runs, name


def test_windows_smoke_checks_autostart_upgrade_and_per_machine() -> None:
    smoke = (ROOT / "installers" / "windows" / "smoke.ps1").read_text("utf-8")
    for promise in ("AUTOSTART=1", "Run entry", "ALLUSERS=1", "HKLM:\\Software\\Noomus\\Desktop",
                    "Noomus entries in Add/Remove Programs", "$Older"):  # fmt: skip
        assert promise in smoke
