"""Build the Windows MSI with wixl: ``python -m installers.windows.msi BUNDLE_DIR``.

Runs anywhere msitools' ``wixl`` runs (the release workflow builds it on Linux from the
Windows PyInstaller folder; the tests build one from a small fake folder). Add/Remove
Programs contact details come from the build configuration that ships inside the bundle.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from installers.icons import write_icons
from installers.project import (
    BUILD_CONFIG,
    EXE_NAME,
    ROOT,
    BuildError,
    msi_version,
    read_version,
)
from installers.windows.harvest import harvest
from installers.windows.tables import apply_fixes

WXS = Path(__file__).with_name("noomus.wxs")
ABOUT_LINK = "https://noomus.fi"


def upgrade_code(wxs: Path = WXS) -> str:
    """The product's UpgradeCode, braced and upper-case as the MSI tables hold it."""
    match = re.search(r'UpgradeCode="([0-9A-Fa-f-]{36})"', wxs.read_text("utf-8"))
    if match is None:
        raise BuildError(f"{wxs} has no UpgradeCode", code="no_upgrade_code")
    return "{" + match.group(1).upper() + "}"


def msi_name(version: str) -> str:
    """The installer's file name for ``version``."""
    return f"Noomus-{version}-x64.msi"


def contact_defines(config: Path) -> dict[str, str]:
    """Add/Remove Programs contact fields from a build configuration file."""
    data = json.loads(config.read_text("utf-8"))
    contact = data.get("contact") or {}
    return {
        "HelpLink": str(data.get("request_account_url") or ABOUT_LINK),
        "AboutLink": ABOUT_LINK,
        "Contact": str(contact.get("email") or "Noomus Oy"),
        "HelpTelephone": str(contact.get("phone") or ""),
    }


def build_msi(
    bundle: Path, out_dir: Path, work: Path, *, version: str, icon: Path, config: Path
) -> Path:
    """Harvest ``bundle`` and build the MSI into ``out_dir``; return its path."""
    wixl = shutil.which("wixl")
    if wixl is None:
        raise BuildError("wixl not found (Debian: apt install wixl)", code="no_wixl")
    main_exe = f"{EXE_NAME}.exe"
    if not (bundle / main_exe).is_file():
        raise BuildError(f"{bundle} has no {main_exe}", code="no_exe")
    work.mkdir(parents=True, exist_ok=True)
    files = work / "files.wxs"
    files.write_bytes(harvest(bundle, main_exe))
    # wixl resolves sources against the .wxs file's folder and rejects absolute paths.
    shutil.copyfile(WXS, work / WXS.name)
    defines = {
        "Version": msi_version(version),
        "SourceDir": os.path.relpath(bundle.resolve(), work.resolve()),
        "IconFile": os.path.relpath(icon.resolve(), work.resolve()),
        **contact_defines(config),
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    output = (out_dir / msi_name(version)).resolve()
    command = [wixl, "--arch", "x64", "-o", str(output)]
    for name, value in defines.items():
        command += ["-D", f"{name}={value}"]
    result = subprocess.run(
        [*command, WXS.name, files.name], cwd=work, capture_output=True, text=True, check=False
    )
    if result.returncode != 0 or not output.exists():
        raise BuildError(f"wixl failed: {result.stderr.strip()}", code="wixl")
    apply_fixes(output, upgrade_code(), msi_version(version))
    return output


def main(argv: list[str] | None = None) -> int:
    """Command line: build the MSI from a Windows PyInstaller folder."""
    parser = argparse.ArgumentParser(prog="python -m installers.windows.msi", description=__doc__)
    parser.add_argument("bundle", type=Path, help="the PyInstaller folder holding Noomus.exe")
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "msi")
    parser.add_argument("--config", type=Path, default=BUILD_CONFIG, help="build configuration")
    parser.add_argument(
        "--version", default=None, help="build as this version (the workflow's upgrade test)"
    )
    args = parser.parse_args(argv)
    try:
        icons = write_icons(args.work / "icons")
        output = build_msi(
            args.bundle,
            args.out,
            args.work,
            version=args.version or read_version(),
            icon=icons["ico"],
            config=args.config,
        )
    except BuildError as exc:
        print(f"msi: {exc}", file=sys.stderr)
        return 1
    print(f"msi: {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
