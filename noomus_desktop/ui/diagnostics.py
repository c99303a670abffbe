""" "Export diagnostics": a zip of the app's logs and versions, for Noomus support.

Logs never hold tokens, passwords or file names (see ``core.paths.log_dir``); the zip adds
only version numbers and the platform. It never includes settings, the queue or the keyring.
"""

from __future__ import annotations

import platform
import sys
import zipfile
from pathlib import Path

import PySide6
from PySide6.QtCore import qVersion

from noomus_desktop import __version__
from noomus_desktop.core import paths
from noomus_desktop.core.errors import NoomusError


class DiagnosticsError(NoomusError):
    """The zip could not be written where the user asked."""

    code = "diagnostics_failed"

    def __init__(self) -> None:
        super().__init__("The diagnostics file could not be saved there.")


def versions_text() -> str:
    return "\n".join(
        [
            f"Noomus Desktop {__version__}",
            f"Python {sys.version.split()[0]}",
            f"PySide6 {PySide6.__version__}, Qt {qVersion()}",
            f"Platform {platform.platform()}",
        ]
    )


def export_diagnostics(target: Path) -> Path:
    """Write the zip to ``target`` and return it (runs on the thread pool: file I/O)."""
    logs = paths.log_dir()
    try:
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("versions.txt", versions_text() + "\n")
            for log in sorted(logs.rglob("*")):
                if log.is_file():
                    archive.write(log, Path("logs") / log.relative_to(logs))
    except OSError as exc:
        raise DiagnosticsError() from exc
    return target
