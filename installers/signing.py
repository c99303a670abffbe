"""What every signing step leaves behind: a report the release job checks before publishing.

A signing script writes ``<artifact>.signing.json`` beside the file it signed, listing the
verification commands that passed on it (each was run with ``check=True``: a failed one stops
the job before the report exists). An artifact that was not signed is renamed
``...-unsigned.<ext>``, so nobody mistakes it for a signed one.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from installers.project import BuildError

REPORT_SUFFIX = ".signing.json"
UNSIGNED_MARK = "-unsigned"
#: The verifications a tag needs, by kind of artifact (the tar.gz has no code signature on
#: Linux: SHA256SUMS on the release page covers it).
REQUIRED_CHECKS: dict[str, tuple[str, ...]] = {
    ".msi": ("signtool verify /pa",),
    ".dmg": (
        "codesign --verify --strict (app)",
        "xcrun stapler validate (app)",
        "codesign --verify --strict (dmg)",
        "spctl -a -t open --context context:primary-signature (dmg)",
        "xcrun stapler validate (dmg)",
    ),
    ".tar.gz": (),
}


@dataclass
class SigningReport:
    """What was signed and which verifications passed on it."""

    artifact: str
    signed: bool
    checks: list[str] = field(default_factory=list)
    #: Signed files inside the artifact (every PE file of the Windows bundle, every Mach-O).
    inner_files: int = 0


def kind(path: Path) -> str:
    """``.msi``, ``.dmg`` or ``.tar.gz``."""
    return ".tar.gz" if path.name.endswith(".tar.gz") else path.suffix


def report_path(artifact: Path) -> Path:
    return artifact.with_name(artifact.name + REPORT_SUFFIX)


def write_report(artifact: Path, report: SigningReport) -> Path:
    """Write the report beside ``artifact``; return its path."""
    target = report_path(artifact)
    target.write_text(json.dumps(asdict(report), indent=2) + "\n", "utf-8")
    return target


def read_report(artifact: Path) -> SigningReport | None:
    try:
        data = json.loads(report_path(artifact).read_text("utf-8"))
    except FileNotFoundError:
        return None
    return SigningReport(**data)


def mark_unsigned(artifact: Path) -> Path:
    """Rename ``Noomus-1.0-x64.msi`` to ``Noomus-1.0-x64-unsigned.msi``; return the new path."""
    suffix = kind(artifact)
    stem = artifact.name.removesuffix(suffix)
    if stem.endswith(UNSIGNED_MARK):
        return artifact
    target = artifact.with_name(stem + UNSIGNED_MARK + suffix)
    artifact.rename(target)
    return target


def unsigned(artifact: Path, reason: str, *, required: bool) -> Path:
    """An artifact left unsigned: refused when ``required`` (a tag), else renamed and said."""
    if required:
        raise BuildError(
            f"{artifact.name} is not signed ({reason}); a tag must be", code="unsigned"
        )
    target = mark_unsigned(artifact)
    print(f"unsigned: {reason}; shipped as {target.name}")
    return target
