"""The files attached to a release beside the installers: ``SHA256SUMS`` and a CycloneDX SBOM.

``python -m installers.release_files DIR`` writes both into ``DIR`` (the folder of installers
the release job assembled). The SBOM lists every Python package the release toolchain lock
(``installers/lock/pylock.release.toml``) pins, each with the URLs and SHA-256 of the files it
may be installed from; the app itself is the SBOM's subject.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tomllib
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from installers.macos.minimum import LOCK
from installers.project import MANUFACTURER, read_version
from installers.signing import REPORT_SUFFIX, kind

CHECKSUMS = "SHA256SUMS"
SBOM = "noomus-desktop-{version}.cdx.json"
_INSTALLER_KINDS = {".msi", ".dmg", ".tar.gz"}


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_checksums(folder: Path) -> Path:
    """``SHA256SUMS`` for every installer under ``folder`` (``sha256sum -c`` reads it)."""
    installers = sorted(
        p for p in folder.rglob("*")
        if p.is_file() and kind(p) in _INSTALLER_KINDS and not p.name.endswith(REPORT_SUFFIX)
    )  # fmt: skip
    target = folder / CHECKSUMS
    target.write_text(
        "".join(f"{sha256(p)}  {p.relative_to(folder).as_posix()}\n" for p in installers)
    )
    return target


def purl(name: str, version: str) -> str:
    """The package URL of a PyPI package."""
    return f"pkg:pypi/{name.lower().replace('_', '-')}@{version}"


def sbom(version: str, lock: Path = LOCK) -> dict[str, Any]:
    """The CycloneDX 1.5 document for release ``version``."""
    packages = tomllib.loads(lock.read_text("utf-8"))["packages"]
    components = []
    for package in packages:
        files = [*package.get("wheels", []), *([package["sdist"]] if "sdist" in package else [])]
        component: dict[str, Any] = {
            "type": "library",
            "bom-ref": purl(package["name"], package["version"]),
            "name": package["name"],
            "version": package["version"],
            "purl": purl(package["name"], package["version"]),
            "externalReferences": [
                {
                    "type": "distribution",
                    "url": file["url"],
                    "hashes": [{"alg": "SHA-256", "content": file["hashes"]["sha256"]}],
                }
                for file in files
            ],
        }
        if "marker" in package:
            component["properties"] = [{"name": "python:marker", "value": package["marker"]}]
        components.append(component)
    return {
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "serialNumber": f"urn:uuid:{uuid.uuid4()}",
        "version": 1,
        "metadata": {
            "timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "component": {
                "type": "application",
                "bom-ref": "noomus-desktop",
                "name": "noomus-desktop",
                "version": version,
                "supplier": {"name": MANUFACTURER},
            },
        },
        "components": components,
        "dependencies": [
            {"ref": "noomus-desktop", "dependsOn": [c["bom-ref"] for c in components]}
        ],
    }


def write_sbom(folder: Path, version: str) -> Path:
    target = folder / SBOM.format(version=version)
    target.write_text(json.dumps(sbom(version), indent=2) + "\n", "utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m installers.release_files", description=__doc__)
    parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    print(f"release: {write_checksums(args.folder)}")
    print(f"release: {write_sbom(args.folder, read_version())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
