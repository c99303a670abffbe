"""Code signing, notarisation and stapling of Noomus.app and its DMG.

``python -m installers.macos.sign app dist/Noomus.app [--require]`` signs the app inside-out
and notarises and staples it; ``python -m installers.macos.sign dmg dist/Noomus-x.dmg --app
dist/Noomus.app [--require]`` signs, notarises and staples the DMG and writes its signing
report (:mod:`installers.signing`) once every check passed.

Inside-out, never ``--deep``: every Mach-O file (libraries, Python extensions, the Qt
frameworks' binaries) is signed first, deepest first, then each nested bundle, then the app
with the hardened runtime and its entitlements. ``codesign --deep`` signs nested code with
the outer options and is not supported by Apple for signing.

Checks, all required before the report is written: ``codesign --verify --strict`` and
``xcrun stapler validate`` on the app; ``codesign --verify --strict``, ``spctl -a -t open
--context context:primary-signature`` and ``xcrun stapler validate`` on the DMG.

Environment: ``MACOS_SIGNING_IDENTITY`` ("Developer ID Application: Noomus Oy (TEAMID)",
already in the keychain); for notarisation ``MACOS_NOTARY_APPLE_ID``, ``MACOS_NOTARY_TEAM_ID``
and ``MACOS_NOTARY_PASSWORD`` (an app-specific password). Without them the artifact is left
unsigned: refused with ``--require`` (a tag), otherwise said and named ``-unsigned``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from installers.project import BuildError, run_step
from installers.signing import SigningReport, unsigned, write_report

ENTITLEMENTS = Path(__file__).with_name("entitlements.plist")
NOTARY_VARS = ("MACOS_NOTARY_APPLE_ID", "MACOS_NOTARY_TEAM_ID", "MACOS_NOTARY_PASSWORD")
#: Mach-O magic numbers (32/64-bit, both byte orders) and the universal ("fat") header.
_MACHO_MAGIC = {
    bytes.fromhex(m) for m in ("feedface", "feedfacf", "cefaedfe", "cffaedfe", "cafebabe")
}
_NESTED_BUNDLES = (".framework", ".app", ".bundle", ".plugin")

Command = list[str]


def _is_macho(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(4) in _MACHO_MAGIC


def signing_order(app: Path) -> list[Path]:
    """What to sign, in order: Mach-O files deepest first, then nested bundles deepest first
    (a bundle's seal covers its already-signed contents), then the app itself."""
    contents = app / "Contents"
    main_exe = contents / "MacOS" / app.stem
    files = [
        p
        for p in contents.rglob("*")
        if p.is_file() and not p.is_symlink() and p != main_exe and _is_macho(p)
    ]
    bundles = [
        p
        for p in contents.rglob("*")
        if p.is_dir() and not p.is_symlink() and p.suffix in _NESTED_BUNDLES
    ]

    def depth(path: Path) -> int:
        return -len(path.relative_to(app).parts)

    return sorted(files, key=depth) + sorted(bundles, key=depth) + [app]


def sign_commands(app: Path, identity: str) -> list[Command]:
    """codesign calls for the whole app, inside-out, each with a secure timestamp and the
    hardened runtime; the entitlements go on the app (its main executable) only."""
    base = ["codesign", "--force", "--timestamp", "--options", "runtime", "--sign", identity]
    commands = [[*base, str(path)] for path in signing_order(app)[:-1]]
    commands.append([*base, "--entitlements", str(ENTITLEMENTS), str(app)])
    return commands


def notary_commands(path: Path, env: Mapping[str, str]) -> list[Command]:
    """Submit ``path`` (a zip of the app, or the DMG) and wait for Apple's verdict."""
    apple_id, team_id, password = (env[name] for name in NOTARY_VARS)
    return [
        [
            "xcrun", "notarytool", "submit", str(path), "--apple-id", apple_id,
            "--team-id", team_id, "--password", password, "--wait",
        ]
    ]  # fmt: skip


def app_commands(app: Path, env: Mapping[str, str]) -> list[tuple[str | None, Command]]:
    """(check name or None, command) for signing, notarising, stapling and checking the app."""
    archive = app.with_suffix(".zip")
    steps: list[tuple[str | None, Command]] = [
        (None, c) for c in sign_commands(app, env["MACOS_SIGNING_IDENTITY"])
    ]
    steps.append(
        (
            "codesign --verify --strict (app)",
            ["codesign", "--verify", "--strict", "--verbose=2", str(app)],
        )
    )
    steps.append((None, ["ditto", "-c", "-k", "--keepParent", str(app), str(archive)]))
    steps += [(None, c) for c in notary_commands(archive, env)]
    steps.append((None, ["xcrun", "stapler", "staple", str(app)]))
    steps.append(("xcrun stapler validate (app)", ["xcrun", "stapler", "validate", str(app)]))
    steps.append((None, ["spctl", "--assess", "--type", "execute", "--verbose=2", str(app)]))
    return steps


def dmg_commands(dmg: Path, env: Mapping[str, str]) -> list[tuple[str | None, Command]]:
    """(check name or None, command) for signing, notarising, stapling and checking the DMG."""
    identity = env["MACOS_SIGNING_IDENTITY"]
    steps: list[tuple[str | None, Command]] = [
        (None, ["codesign", "--force", "--timestamp", "--sign", identity, str(dmg)])
    ]
    steps += [(None, c) for c in notary_commands(dmg, env)]
    steps.append((None, ["xcrun", "stapler", "staple", str(dmg)]))
    steps.append(
        (
            "codesign --verify --strict (dmg)",
            ["codesign", "--verify", "--strict", "--verbose=2", str(dmg)],
        )
    )
    steps.append(
        (
            "spctl -a -t open --context context:primary-signature (dmg)",
            ["spctl", "-a", "-t", "open", "--context", "context:primary-signature", "-v", str(dmg)],
        )
    )
    steps.append(("xcrun stapler validate (dmg)", ["xcrun", "stapler", "validate", str(dmg)]))
    return steps


def missing_credentials(env: Mapping[str, str]) -> list[str]:
    names = ("MACOS_SIGNING_IDENTITY", *NOTARY_VARS)
    return [name for name in names if not env.get(name)]


def _run(steps: list[tuple[str | None, Command]]) -> list[str]:
    passed = []
    for check, command in steps:
        shown = [
            "***" if i and command[i - 1] == "--password" else part
            for i, part in enumerate(command)
        ]
        print("+", " ".join(shown), flush=True)
        subprocess.run(command, check=True)
        if check is not None:
            passed.append(check)
    return passed


def sign_app(app: Path, env: Mapping[str, str] = os.environ, *, required: bool = False) -> bool:
    """Sign, notarise and staple the app; False (said) when the credentials are missing."""
    missing = missing_credentials(env)
    if missing:
        if required:
            raise BuildError(
                f"{app.name} cannot be signed ({', '.join(missing)} unset)", code="unsigned"
            )
        print(f"unsigned: {', '.join(missing)} unset; {app} is not signed")
        return False
    _run(app_commands(app, env))
    return True


def sign_dmg(
    dmg: Path, app_checks: list[str], env: Mapping[str, str] = os.environ, *, required: bool = False
) -> Path:
    """Sign, notarise and staple the DMG and write its report; return its final path."""
    missing = missing_credentials(env)
    if missing:
        return unsigned(dmg, f"{', '.join(missing)} unset", required=required)
    checks = app_checks + _run(dmg_commands(dmg, env))
    write_report(dmg, SigningReport(dmg.name, True, checks))
    return dmg


def main(argv: list[str] | None = None) -> int:
    """Command line: ``app PATH`` or ``dmg PATH --app APP``."""
    parser = argparse.ArgumentParser(prog="python -m installers.macos.sign", description=__doc__)
    parser.add_argument("kind", choices=["app", "dmg"])
    parser.add_argument("path", type=Path)
    parser.add_argument("--app", type=Path, help="with dmg: the app inside, checked again")
    parser.add_argument("--require", action="store_true", help="fail when it cannot be signed")
    args = parser.parse_args(argv)

    def step() -> object:
        if args.kind == "app":
            sign_app(args.path, required=args.require)
            return None
        app_checks = []
        if args.app is not None and not missing_credentials(os.environ):
            # The app inside the DMG is checked again here, so the report covers both.
            app_checks = _run([s for s in app_commands(args.app, os.environ) if s[0]])
        return sign_dmg(args.path, app_checks, required=args.require)

    return run_step("sign", step)


if __name__ == "__main__":
    sys.exit(main())
