"""The version resource of ``Noomus.exe`` (Explorer's Details tab, Task Manager's name).

Generated from the one version at build time, as qutebrowser does, rather than kept in a file.
"""

from __future__ import annotations

from typing import Any

from installers.project import EXE_NAME, MANUFACTURER, PRODUCT_NAME, msi_version

#: U.S. English, Unicode: the language/code page pair Windows looks up first.
_LANGUAGE = "040904B0"


def version_info(version: str) -> Any:
    """A PyInstaller ``VSVersionInfo`` for ``EXE(version=...)``."""
    from PyInstaller.utils.win32 import versioninfo as vi

    # The MSI's four fields, so Explorer shows which rc, final or post build this is.
    numbers = tuple(int(part) for part in msi_version(version).split("."))
    strings = {
        "CompanyName": MANUFACTURER,
        "FileDescription": PRODUCT_NAME,
        "FileVersion": version,
        "InternalName": EXE_NAME,
        "OriginalFilename": f"{EXE_NAME}.exe",
        "ProductName": PRODUCT_NAME,
        "ProductVersion": version,
        "LegalCopyright": f"© {MANUFACTURER}",
    }
    return vi.VSVersionInfo(
        ffi=vi.FixedFileInfo(filevers=numbers, prodvers=numbers),
        kids=[
            vi.StringFileInfo(
                [vi.StringTable(_LANGUAGE, [vi.StringStruct(k, v) for k, v in strings.items()])]
            ),
            vi.VarFileInfo([vi.VarStruct("Translation", [0x0409, 1200])]),
        ],
    )
