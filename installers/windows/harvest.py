"""The WiX fragment listing every file of the PyInstaller folder (wixl has no ``heat``).

One component per file, keyed by the file, with ``Guid="*"``: the GUID is derived from the
install path, so the same file keeps the same component across versions, which is what the
Windows Installer's component rules and a clean major upgrade need. Ids are hashes of the
relative path (stable, and within the 72-character limit whatever the depth).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from xml.etree import ElementTree as ET

WIX_NS = "http://schemas.microsoft.com/wix/2006/wi"
#: The File Id of the app executable, referenced by the shortcuts and custom actions.
MAIN_EXE_ID = "NoomusExe"
COMPONENT_GROUP = "AppFiles"
INSTALL_DIR = "INSTALLDIR"


def _id(prefix: str, relative: str) -> str:
    return prefix + hashlib.sha256(relative.encode("utf-8")).hexdigest()[:32].upper()


def harvest(folder: Path, main_exe: str, source_var: str = "SourceDir") -> bytes:
    """The ``files.wxs`` fragment for ``folder``; ``main_exe`` gets the File Id ``NoomusExe``."""
    ET.register_namespace("", WIX_NS)
    root = ET.Element(f"{{{WIX_NS}}}Wix")
    fragment = ET.SubElement(root, f"{{{WIX_NS}}}Fragment")
    top = ET.SubElement(fragment, f"{{{WIX_NS}}}DirectoryRef", Id=INSTALL_DIR)
    group = ET.SubElement(
        ET.SubElement(root, f"{{{WIX_NS}}}Fragment"),
        f"{{{WIX_NS}}}ComponentGroup",
        Id=COMPONENT_GROUP,
    )
    directories: dict[str, ET.Element] = {"": top}
    for path in sorted(folder.rglob("*")):
        if path.is_dir():
            continue
        relative = path.relative_to(folder).as_posix()
        parent = _directory(directories, relative.rpartition("/")[0])
        component_id = _id("c", relative)
        component = ET.SubElement(
            parent, f"{{{WIX_NS}}}Component", Id=component_id, Guid="*", Win64="yes"
        )
        ET.SubElement(
            component,
            f"{{{WIX_NS}}}File",
            Id=MAIN_EXE_ID if relative == main_exe else _id("f", relative),
            Name=path.name,
            KeyPath="yes",
            Source=f"$(var.{source_var})/{relative}",
        )
        ET.SubElement(group, f"{{{WIX_NS}}}ComponentRef", Id=component_id)
    ET.indent(root)
    xml: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return xml


def _directory(directories: dict[str, ET.Element], relative: str) -> ET.Element:
    """The Directory element for a relative folder path, created with its parents."""
    if relative not in directories:
        parent_path, _, name = relative.rpartition("/")
        parent = _directory(directories, parent_path)
        directories[relative] = ET.SubElement(
            parent, f"{{{WIX_NS}}}Directory", Id=_id("d", relative), Name=name
        )
    return directories[relative]
