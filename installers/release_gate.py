"""The last step before a tag is published: ``python -m installers.release_gate DIR --tag``.

Fails unless every expected installer is present, none is marked ``-unsigned``, and each one's
signing report (:mod:`installers.signing`) lists the verifications its kind needs. The MSI's
Authenticode signature is verified once more here, on Linux, with ``osslsigncode``. Without
``--tag`` (a manual run) it only lists what it found.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from installers.signing import REQUIRED_CHECKS, UNSIGNED_MARK, kind, read_report

#: One artifact of each of these kinds per release (the DMG once per architecture).
EXPECTED = {".msi": 1, ".dmg": 2, ".tar.gz": 1}


def installers_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and kind(p) in EXPECTED)


SYSTEM_CA_FILE = Path("/etc/ssl/certs/ca-certificates.crt")


def problems(folder: Path, *, tagged: bool, ca_file: Path = SYSTEM_CA_FILE) -> list[str]:
    """Why ``folder`` must not be published (empty: it may)."""
    found = installers_in(folder)
    issues = []
    for suffix, count in EXPECTED.items():
        have = [p for p in found if kind(p) == suffix]
        if len(have) != count:
            issues.append(f"expected {count} {suffix}, found {[p.name for p in have]}")
    if not tagged:
        return issues
    for artifact in found:
        if UNSIGNED_MARK in artifact.name:
            issues.append(f"{artifact.name} is unsigned")
            continue
        needed = REQUIRED_CHECKS[kind(artifact)]
        if not needed:
            continue
        report = read_report(artifact)
        if report is None or not report.signed:
            issues.append(f"{artifact.name} has no signing report saying it is signed")
            continue
        missing = [check for check in needed if check not in report.checks]
        if missing:
            issues.append(f"{artifact.name}: not verified with {', '.join(missing)}")
        if kind(artifact) == ".msi":
            issues += _osslsigncode_verify(artifact, ca_file)
    return issues


def _osslsigncode_verify(msi: Path, ca_file: Path) -> list[str]:
    """A second opinion on the MSI's Authenticode signature, from another implementation."""
    tool = shutil.which("osslsigncode")
    if tool is None:
        return ["osslsigncode is not installed to verify the MSI"]
    result = subprocess.run(
        [tool, "verify", "-in", str(msi), "-CAfile", str(ca_file)],
        capture_output=True,
        text=True,
        check=False,
    )
    return [] if result.returncode == 0 else [f"{msi.name}: osslsigncode verify failed"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m installers.release_gate", description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--tag", action="store_true", help="a release tag: signatures required")
    args = parser.parse_args(argv)
    issues = problems(args.folder, tagged=args.tag)
    for artifact in installers_in(args.folder):
        print(f"gate: {artifact.name}")
    for issue in issues:
        print(f"gate: STOP: {issue}", file=sys.stderr)
    return 1 if issues else 0


if __name__ == "__main__":
    sys.exit(main())
