"""Code signing and notarisation for Noomus.app and its DMG, when the secrets exist.

``python -m installers.macos.sign app dist/Noomus.app`` / ``... dmg dist/Noomus-x.dmg``.
Unsigned builds are normal (pull requests, forks, local builds): without a signing identity
every step prints a visible ``skipped:`` line and succeeds, so nobody mistakes an unsigned
build for a signed one and no build fails for lack of secrets.

Environment: ``MACOS_SIGNING_IDENTITY`` ("Developer ID Application: Noomus Oy (TEAMID)",
already in the keychain); for notarisation ``MACOS_NOTARY_APPLE_ID``, ``MACOS_NOTARY_TEAM_ID``
and ``MACOS_NOTARY_PASSWORD`` (an app-specific password).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

ENTITLEMENTS = Path(__file__).with_name("entitlements.plist")
NOTARY_VARS = ("MACOS_NOTARY_APPLE_ID", "MACOS_NOTARY_TEAM_ID", "MACOS_NOTARY_PASSWORD")


def _run(command: list[str]) -> None:
    print("+", " ".join(command), flush=True)
    subprocess.run(command, check=True)


def sign_app(app: Path, env: Mapping[str, str] = os.environ) -> bool:
    """Sign the bundle with the hardened runtime; False (and a ``skipped:`` line) if unsigned."""
    identity = env.get("MACOS_SIGNING_IDENTITY", "")
    if not identity:
        print(f"skipped: no signing identity (MACOS_SIGNING_IDENTITY unset); {app} is unsigned")
        return False
    _run([
        "codesign", "--force", "--deep", "--timestamp", "--options", "runtime",
        "--entitlements", str(ENTITLEMENTS), "--sign", identity, str(app),
    ])
    _run(["codesign", "--verify", "--deep", "--strict", "--verbose=2", str(app)])
    return True


def sign_and_notarise_dmg(dmg: Path, env: Mapping[str, str] = os.environ) -> bool:
    """Sign the DMG, submit it to Apple's notary service, and staple the ticket."""
    identity = env.get("MACOS_SIGNING_IDENTITY", "")
    if not identity:
        print(f"skipped: no signing identity (MACOS_SIGNING_IDENTITY unset); {dmg} is unsigned")
        return False
    _run(["codesign", "--force", "--timestamp", "--sign", identity, str(dmg)])
    missing = [name for name in NOTARY_VARS if not env.get(name)]
    if missing:
        print(f"skipped: notarisation ({', '.join(missing)} unset); {dmg} is signed only")
        return False
    apple_id, team_id, password = (env[name] for name in NOTARY_VARS)
    _run([
        "xcrun", "notarytool", "submit", str(dmg), "--apple-id", apple_id,
        "--team-id", team_id, "--password", password, "--wait",
    ])
    _run(["xcrun", "stapler", "staple", str(dmg)])
    return True


def main(argv: list[str] | None = None) -> int:
    """Command line: ``app PATH`` or ``dmg PATH``."""
    parser = argparse.ArgumentParser(prog="python -m installers.macos.sign", description=__doc__)
    parser.add_argument("kind", choices=["app", "dmg"])
    parser.add_argument("path", type=Path)
    args = parser.parse_args(argv)
    if args.kind == "app":
        sign_app(args.path)
    else:
        sign_and_notarise_dmg(args.path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
