"""macOS: the Info.plist rendered from its template, the dmgbuild settings, the .icns icon."""

from __future__ import annotations

import plistlib
import runpy
import struct
from pathlib import Path

from installers.macos.dmg import SETTINGS, dmg_name
from installers.macos.plist import info_plist, render_info_plist
from noomus_desktop import __version__


def test_info_plist_identifies_the_app_with_the_one_version() -> None:
    plist = plistlib.loads(render_info_plist("1.4.0rc2"))
    assert plist["CFBundleIdentifier"] == "fi.noomus.desktop"
    assert plist["CFBundleShortVersionString"] == "1.4.0"  # what Finder and the App Store read
    assert plist["CFBundleVersion"] == "1.4.0rc2"
    assert plist["CFBundlePackageType"] == "APPL"
    assert plist["CFBundleExecutable"] == "Noomus"
    assert plist["CFBundleIconFile"] == "noomus.icns"
    assert plist["NSHighResolutionCapable"] is True
    assert info_plist(__version__)["CFBundleVersion"] == __version__


def test_files_and_folders_dropped_on_the_dock_icon_are_accepted() -> None:
    types = info_plist(__version__)["CFBundleDocumentTypes"]
    content_types = {t for entry in types for t in entry["LSItemContentTypes"]}
    assert {"public.item", "public.data", "public.folder"} <= content_types
    for entry in types:
        assert entry["CFBundleTypeRole"] == "Viewer"
        assert entry["LSHandlerRank"] == "Alternate"  # offered, never the default app


def test_dmg_settings_load_with_an_applications_link(tmp_path: Path) -> None:
    app = tmp_path / "Noomus.app"
    settings = runpy.run_path(
        str(SETTINGS), init_globals={"defines": {"app": str(app), "icon": "noomus.icns"}}
    )
    assert settings["files"] == [str(app)]
    assert settings["symlinks"] == {"Applications": "/Applications"}
    assert set(settings["icon_locations"]) == {"Noomus.app", "Applications"}
    assert settings["format"] == "UDZO"
    assert settings["icon"] == "noomus.icns"


def test_one_dmg_per_architecture_named_by_it() -> None:
    assert dmg_name("1.2.0", "arm64") == "Noomus-1.2.0-arm64.dmg"
    assert dmg_name("1.2.0", "x86_64") == "Noomus-1.2.0-x86_64.dmg"


def test_icns_holds_png_entries_up_to_1024_pixels(icons: dict[str, Path]) -> None:
    data = icons["icns"].read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    entries, offset = {}, 8
    while offset < len(data):
        code, length = (
            data[offset : offset + 4],
            struct.unpack(">I", data[offset + 4 : offset + 8])[0],
        )
        entries[code] = data[offset + 8 : offset + length]
        offset += length
    assert offset == len(data)
    assert {b"ic07", b"ic08", b"ic09", b"ic10"} <= set(entries)
    assert all(png.startswith(b"\x89PNG") for png in entries.values())
    width, height = struct.unpack(">II", entries[b"ic10"][16:24])
    assert (width, height) == (1024, 1024)
