"""Platform icon files (.ico, .icns, .png) rendered from the app's one SVG icon.

The SVG under the top-level ``resources/icons/`` is the only source; Qt renders it to PNGs at
each size and this module wraps them in the containers Windows and macOS expect (both accept
PNG-compressed entries), so no image tool is needed on the build machine.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from installers.project import APP_ICON_SVG, BuildError

#: Sizes Windows picks from (Explorer, taskbar, Start menu, Add/Remove Programs).
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: (type code, pixel size) of the PNG entries macOS reads, @1x and @2x.
ICNS_ENTRIES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"ic11", 32),
    (b"icp6", 64),
    (b"ic12", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic13", 256),
    (b"ic09", 512),
    (b"ic14", 512),
    (b"ic10", 1024),
)


def render_png(size: int, svg: Path = APP_ICON_SVG) -> bytes:
    """The SVG rendered to a square PNG of ``size`` pixels (needs a Qt GUI application)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage, QImageWriter, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise BuildError(f"{svg} is not a valid SVG", code="bad_icon")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not QImageWriter(buffer, QByteArray(b"png")).write(image):
        raise BuildError(f"cannot encode {svg} as PNG", code="bad_icon")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO file holding one PNG entry per size."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, png in sorted(pngs.items()):
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICNS file with the PNG entries macOS uses for Finder, Dock and Retina screens."""
    body = b"".join(
        code + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for code, size in ICNS_ENTRIES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def write_icons(out_dir: Path, svg: Path = APP_ICON_SVG) -> dict[str, Path]:
    """Write ``noomus.ico``, ``noomus.icns`` and ``noomus.png`` (256 px); return them by suffix."""
    from PySide6.QtGui import QGuiApplication

    # Rendering needs a GUI application; keep it referenced until the icons are written.
    _app = QGuiApplication.instance() or QGuiApplication(["icons", "-platform", "offscreen"])
    sizes = sorted({*ICO_SIZES, *(size for _, size in ICNS_ENTRIES)})
    pngs = {size: render_png(size, svg) for size in sizes}
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {
        "ico": (out_dir / "noomus.ico", ico_bytes({s: pngs[s] for s in ICO_SIZES})),
        "icns": (out_dir / "noomus.icns", icns_bytes(pngs)),
        "png": (out_dir / "noomus.png", pngs[256]),
    }
    for path, data in files.values():
        path.write_bytes(data)
    return {suffix: path for suffix, (path, _) in files.items()}


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m installers.icons OUT_DIR`` writes the three icon files."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m installers.icons OUT_DIR", file=sys.stderr)
        return 2
    for path in write_icons(Path(args[0])).values():
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
