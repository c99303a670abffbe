"""Authenticode signing on Windows with keys that never leave their HSM.

``python -m installers.windows.sign dist/Noomus [--require]`` signs every PE file of the bundle
(``Noomus.exe``, ``python311.dll``, every ``.pyd`` and Qt ``.dll``), then verifies each with
``signtool verify /pa``. ``python -m installers.windows.sign Noomus-x.msi --require`` does the
same for the MSI and writes its signing report (:mod:`installers.signing`).

Code signing keys issued since June 2023 live in hardware or a cloud signing service, so no
``.pfx`` is ever handled. Two ways, chosen by the environment:

- ``WINDOWS_SIGNING_THUMBPRINT``: signtool picks the certificate from the Windows certificate
  store by its SHA-1 thumbprint; the private key stays in the token or HSM behind its
  provider (a self-hosted runner with the token, or a cloud HSM's KSP installed on the runner).
- ``AZURE_SIGNING_DLIB`` + ``AZURE_SIGNING_METADATA``: Azure Trusted Signing through signtool's
  ``/dlib`` plug-in (``Azure.CodeSigning.Dlib.dll``) and its ``metadata.json`` (endpoint,
  account, certificate profile); credentials come from ``AZURE_CLIENT_ID``/``_SECRET``/
  ``AZURE_TENANT_ID`` in the environment.

Without either, the artifact is left unsigned: refused with ``--require`` (a tag), otherwise
renamed ``-unsigned``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from installers.project import BuildError, run_step
from installers.signing import SigningReport, unsigned, write_report

PE_SUFFIXES = (".exe", ".dll", ".pyd")
TIMESTAMP_URL = "http://timestamp.digicert.com"
AZURE_TIMESTAMP_URL = "http://timestamp.acs.microsoft.com"
#: Files per signtool call: well under Windows' 32767-character command line.
BATCH = 50
VERIFY_CHECK = "signtool verify /pa"


def pe_files(target: Path) -> list[Path]:
    """The PE files to sign: ``target`` itself if it is a file, else every one below it."""
    if target.is_file():
        return [target]
    return sorted(p for p in target.rglob("*") if p.is_file() and p.suffix.lower() in PE_SUFFIXES)


def sign_options(env: Mapping[str, str]) -> list[str] | None:
    """signtool's options for the configured signing service, or None when there is none."""
    digest = ["/fd", "sha256", "/td", "sha256"]
    thumbprint = env.get("WINDOWS_SIGNING_THUMBPRINT", "").replace(" ", "")
    if thumbprint:
        return ["/sha1", thumbprint, "/tr", TIMESTAMP_URL, *digest]
    dlib, metadata = env.get("AZURE_SIGNING_DLIB", ""), env.get("AZURE_SIGNING_METADATA", "")
    if dlib and metadata:
        return ["/dlib", dlib, "/dmdf", metadata, "/tr", AZURE_TIMESTAMP_URL, *digest]
    return None


def batches(files: Sequence[Path]) -> list[list[str]]:
    return [[str(f) for f in files[i : i + BATCH]] for i in range(0, len(files), BATCH)]


def plan(files: Sequence[Path], options: list[str], signtool: str = "signtool") -> list[list[str]]:
    """The signtool commands: sign every file, then verify every file against the Windows
    Authenticode policy (``/pa``), which fails on an unsigned or untrusted one."""
    sign = [[signtool, "sign", "/v", *options, *chunk] for chunk in batches(files)]
    verify = [[signtool, "verify", "/pa", "/v", *chunk] for chunk in batches(files)]
    return sign + verify


def find_signtool() -> str:
    """The newest signtool.exe of the Windows SDK, else the one on PATH."""
    kits = Path(r"C:\Program Files (x86)\Windows Kits\10\bin")
    found = sorted(kits.glob("*/x64/signtool.exe")) if kits.is_dir() else []
    return str(found[-1]) if found else "signtool"


def sign(target: Path, env: Mapping[str, str], *, required: bool) -> Path:
    """Sign and verify ``target``; return the artifact's final path."""
    options = sign_options(env)
    if options is None:
        return unsigned(target, "no Windows signing service configured", required=required)
    files = pe_files(target)
    if not files:
        raise BuildError(f"nothing to sign in {target}", code="nothing_to_sign")
    for command in plan(files, options, find_signtool()):
        subprocess.run(command, check=True)
    report = SigningReport(target.name, True, [VERIFY_CHECK], inner_files=len(files))
    write_report(target, report)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m installers.windows.sign", description=__doc__)
    parser.add_argument("target", type=Path, help="the bundle folder or the MSI")
    parser.add_argument("--require", action="store_true", help="fail when it cannot be signed")
    args = parser.parse_args(argv)
    return run_step("sign", lambda: sign(args.target, os.environ, required=args.require))


if __name__ == "__main__":
    sys.exit(main())
