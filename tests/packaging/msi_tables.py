"""Reading an MSI's tables with msitools' ``msiinfo`` (the real tool, not a parser of ours), and
building one from a small fake bundle with the real build code."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from installers.project import BUILD_CONFIG
from installers.windows.msi import build_msi


def table(msi: Path, name: str) -> list[dict[str, str]]:
    """Rows of one table as dicts (``msiinfo export``: names, types, key line, then rows).

    Runs beside the MSI: for tables with binary columns (Icon) msiinfo writes the streams
    into a folder named after the table in its working directory.
    """
    text = subprocess.run(
        ["msiinfo", "export", str(msi), name],
        capture_output=True,
        text=True,
        check=True,
        cwd=msi.parent,
    ).stdout
    lines = text.splitlines()
    columns = lines[0].split("\t")
    return [dict(zip(columns, line.split("\t"), strict=False)) for line in lines[3:] if line]


def properties(msi: Path) -> dict[str, str]:
    """The Property table as a dict."""
    return {row["Property"]: row["Value"] for row in table(msi, "Property")}


def suminfo(msi: Path) -> str:
    """The summary information stream as ``msiinfo suminfo`` prints it."""
    return subprocess.run(
        ["msiinfo", "suminfo", str(msi)], capture_output=True, text=True, check=True
    ).stdout


def word_count(msi: Path) -> int:
    """Summary information's Word Count (msiinfo labels PID_WORDCOUNT "Source")."""
    text = suminfo(msi)
    match = re.search(r"^Source: (\d+)", text, re.MULTILINE)
    assert match is not None, text
    return int(match.group(1))


#: The fake Windows bundle: a few files where the real one has thousands.
PAYLOAD = {
    "Noomus.exe": b"MZ fake executable",
    "_internal/python311.dll": b"fake dll",
    "_internal/noomus_desktop/resources/build-config.json": b"{}",
    "_internal/PySide6/plugins/platforms/qwindows.dll": b"fake plugin",
}


def build_fake_msi(tmp: Path, icon: Path, version: str) -> Path:
    """An MSI of the fake bundle for ``version``, built by ``installers.windows.msi``."""
    bundle = tmp / f"bundle-{version}" / "Noomus"
    for relative, data in PAYLOAD.items():
        path = bundle / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    work = tmp / f"work-{version}"
    return build_msi(bundle, tmp / "out", work, version=version, icon=icon, config=BUILD_CONFIG)
