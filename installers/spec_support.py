"""What goes into the PyInstaller bundle, and what stays out; ``noomus.spec`` only wires it up.

Kept here rather than in the spec so it is typed, linted and tested like the rest.

In: the app package and its resources (icons, build configuration, compiled translations),
every keyring backend *and keyring's package metadata* (backends are found through entry
points, which PyInstaller cannot see), SecretStorage/jeepney on Linux, truststore.
Out: the reference server and its stack (``--demo`` runs from a source checkout only), test
tools, and the Qt modules and plugins the widgets app never loads.
"""

from __future__ import annotations

import fnmatch
import re
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path

from installers.project import (
    BUILD_CONFIG,
    PACKAGE_DIR,
    RESOURCES_DIR,
    TRANSLATIONS_DIR,
    BuildError,
)
from scripts.build_resources import ResourceBuildError, build_resources

#: Server-only and test-only packages, and the heavy Qt modules a widgets app never uses.
EXCLUDES = (
    "noomus_extranet",
    "fastapi",
    "starlette",
    "uvicorn",
    "pydantic",
    "pydantic_core",
    "argon2",
    "anyio._backends._trio",
    "watchfiles",
    "websockets",
    "uvloop",
    "httptools",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "schemathesis",
    "tusclient",
    "pyrage",
    "mypy",
    "ruff",
    "tkinter",
    "unittest",
    "pydoc",
    "lib2to3",
    "IPython",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtQuickControls2",
    "PySide6.QtQuick3D",
    "PySide6.Qt3DCore",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtMultimedia",
    "PySide6.QtPdf",
    "PySide6.QtCharts",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtUiTools",
    "PySide6.QtXml",
    "PySide6.QtConcurrent",
    "PySide6.QtPrintSupport",
    "PySide6.scripts",
)

#: Bundle entries (paths inside the bundle, ``fnmatch`` patterns) that the Qt hooks drag in
#: although the app never loads them: other windowing systems, SQL and QML tooling,
#: image formats we do not show (``qpdf`` alone pulls in QtPdf), Qt Quick and Lottie, Qt's
#: TLS and network-information backends (httpx does our networking), and the GTK3 theme
#: plugin, which alone drags in GTK, GDK and cairo (about 20 MB): Qt's own Fusion look and
#: the XDG desktop portal theme (native file dialogs) remain.
PRUNED = (
    "*/plugins/platforms/*qeglfs*",
    "*/plugins/platforms/*qlinuxfb*",
    "*/plugins/platforms/*qminimalegl*",
    "*/plugins/platforms/*qvkkhrdisplay*",
    "*/plugins/platforms/*qvnc*",
    "*/plugins/platforms/*qdirect2d*",
    "*/plugins/egldeviceintegrations/*",
    "*/plugins/wayland-graphics-integration-server/*",
    # Wayland's OpenGL buffer integrations link QtOpenGL, which is pruned: they could never load.
    "*/plugins/wayland-graphics-integration-client/*",
    "*/plugins/designer/*",
    "*/plugins/qmltooling/*",
    "*/plugins/sqldrivers/*",
    "*/plugins/vectorimageformats/*",
    "*/plugins/printsupport/*",
    "*/plugins/generic/*",
    "*/plugins/platformthemes/*qgtk3*",
    "*/plugins/tls/*",
    "*/plugins/networkinformation/*",
    "*/plugins/imageformats/*qpdf*",
    "*/plugins/imageformats/*qtiff*",
    "*/plugins/imageformats/*qwebp*",
    "*/plugins/imageformats/*qtga*",
    "*/plugins/imageformats/*qwbmp*",
    "*/plugins/imageformats/*qicns*",
    "*/plugins/platforminputcontexts/*qtvirtualkeyboard*",
    "*Qt6Pdf*",
    "*Qt6Qml*",
    "*Qt6Quick*",
    "*Qt6Lottie*",
    "*Qt6VirtualKeyboard*",
    "*Qt6EglFS*",
    "*Qt6EglFs*",
    "*Qt6WaylandCompositor*",
    "*Qt6Designer*",
    "*Qt6OpenGL*",
    "*QtPdf*",
    "*QtQml*",
    "*QtQuick*",
    "*QtVirtualKeyboard*",
    "*/Qt/qml/*",
    "*/Qt/lib/QtQml*",
    "*/Qt/lib/QtQuick*",
)

#: Resource suffixes that stay out.
_NOT_SHIPPED = {".py", ".pyc"}
#: ``--demo``'s configuration: a customer build has no embedded server to point it at.
DEMO_CONFIG = RESOURCES_DIR / "demo-config.json"

#: Top-level libraries loaded without a link-time reference (the bootloader opens libpython).
_ROOTS = ("libpython",)

#: One PyInstaller table-of-contents entry: (path in the bundle, source path, type).
TocEntry = tuple[str, str, str]

#: Qt's own catalogues (standard buttons, dialogs) are kept only for the app's languages.
_QT_CATALOGUE = re.compile(r"(?:^|/)(qt|qtbase)_([A-Za-z_]+)\.qm$")
_APP_CATALOGUE = re.compile(r"_([A-Za-z]{2,3}(?:_[A-Za-z]{2})?)\.(?:ts|qm)$")


def hidden_imports() -> list[str]:
    """Modules reached only at run time: our own package (lazy imports) and keyring backends."""
    from PyInstaller.utils.hooks import collect_submodules

    modules: list[str] = collect_submodules("noomus_desktop")
    modules += collect_submodules("keyring.backends")
    modules += ["keyring.backends.SecretService", "truststore"]
    if sys.platform.startswith("linux"):
        modules += collect_submodules("secretstorage") + collect_submodules("jeepney")
    return modules


def app_languages(translations: Path = TRANSLATIONS_DIR) -> set[str]:
    """Language codes the app ships, from the ``*_fi.ts`` / ``*_fi.qm`` file names."""
    if not translations.is_dir():
        return set()
    return {m.group(1) for p in translations.iterdir() if (m := _APP_CATALOGUE.search(p.name))}


def resource_datas(config: Path | None, work: Path) -> list[tuple[str, str]]:
    """The package data (icons, compiled catalogues), built from ``resources/`` first as for a
    wheel, except the demo configuration (``--demo`` needs the server, which is not shipped),
    and the build configuration, which is ``config`` when given (validated first) or the
    committed one."""
    try:
        build_resources(RESOURCES_DIR)
    except ResourceBuildError as exc:
        raise BuildError(str(exc), code="resources") from exc
    datas = []
    for path in sorted(RESOURCES_DIR.rglob("*")):
        if path.is_dir() or path.suffix in _NOT_SHIPPED or path in {BUILD_CONFIG, DEMO_CONFIG}:
            continue
        folder = path.parent.relative_to(PACKAGE_DIR.parent).as_posix()
        datas.append((str(path), folder))
    chosen = validate_build_config(config or BUILD_CONFIG)
    if chosen != BUILD_CONFIG:  # the bundle must hold it under the name the app reads
        renamed = work / "config" / BUILD_CONFIG.name
        renamed.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(chosen, renamed)
        chosen = renamed
    datas.append((str(chosen), "noomus_desktop/resources"))
    return datas


def validate_build_config(path: Path) -> Path:
    """Fail the build, not the customer's first start, on a broken build configuration."""
    from noomus_desktop.core.config import load_build_config

    try:
        load_build_config(path)
    except (OSError, ValueError) as exc:
        raise BuildError(f"build configuration {path}: {exc}", code="bad_config") from exc
    return path


def require_production_config(path: Path) -> Path:
    """A customer release must know its server's recipients before the first connection.

    Without pinned recipients the first sign-in trusts whatever recipients the server sends
    (trust on first use); a build for customers refuses to be made that way.
    """
    from noomus_desktop.core.config import load_build_config

    validate_build_config(path)
    config = load_build_config(path)
    server = config.default_server_url
    if not server.startswith("https://"):
        raise BuildError(f"{path}: production needs an https default server", code="unpinned")
    if not config.pins_for(server):
        raise BuildError(
            f"{path}: no pinned_recipients for {server}; a production build must pin them"
            " (see README: production build configuration)",
            code="unpinned",
        )
    return path


def keyring_metadata() -> list[tuple[str, str]]:
    """keyring's dist-info: without it ``entry_points(group='keyring.backends')`` is empty."""
    from PyInstaller.utils.hooks import copy_metadata

    datas: list[tuple[str, str]] = copy_metadata("keyring")
    return datas


def is_pruned(dest: str, languages: Iterable[str]) -> bool:
    """Whether a bundle entry (its path inside the bundle) should be left out."""
    dest = dest.replace("\\", "/")
    if any(fnmatch.fnmatch(dest, pattern) for pattern in PRUNED):
        return True
    if dest.endswith(".qm") and "/translations/" in dest and "noomus_desktop" not in dest:
        match = _QT_CATALOGUE.search(dest)
        wanted = set(languages)
        return match is None or match.group(2).split("_")[0] not in wanted
    return False


def prune(toc: Iterable[TocEntry], languages: Iterable[str]) -> list[TocEntry]:
    """A PyInstaller TOC without the pruned entries."""
    wanted = list(languages)
    return [entry for entry in toc if not is_pruned(entry[0], wanted)]


def drop_orphan_libraries(binaries: list[TocEntry]) -> list[TocEntry]:
    """Drop top-level shared libraries that nothing kept links to any more.

    The Qt hooks collect each plugin's system dependencies before :func:`prune` runs, so a
    pruned plugin leaves them behind (the GTK theme leaves all of GTK). Roots are extension
    modules, libraries inside packages (Qt's own) and libpython; on Linux ``ldd`` lists their
    dependencies transitively, so what no root needs is an orphan.
    """
    from PyInstaller.depend.bindepend import get_imports

    def top_level(entry: TocEntry) -> bool:
        return entry[2] == "BINARY" and "/" not in entry[0] and not entry[0].startswith(_ROOTS)

    needed: set[str] = set()
    for entry in binaries:
        if entry[2] in {"BINARY", "EXTENSION"} and not top_level(entry):
            needed |= {Path(name).name for name, _ in get_imports(entry[1])}
    orphans = {entry[0] for entry in binaries if top_level(entry) and entry[0] not in needed}
    kept = (e for e in binaries if e[0] not in orphans)
    return [e for e in kept if e[2] != "SYMLINK" or e[1] not in orphans]
