"""``--self-test``: prove that this build carries everything the app needs at run time.

A frozen bundle that misses one Qt plugin, keyring backend or data file still starts, then
fails in front of a customer. This runs each dependency the way the app uses it (Qt offscreen,
and the native platform plugin loaded with every library it links; an age round trip; keyring
backend discovery through entry points; the ``.qm`` translations; the build configuration; a
verified TLS handshake through the system trust store), prints one line per check and returns
0 only when every check passed. It needs no display, no network and no keyring daemon.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import platform
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TextIO

from noomus_desktop import __version__
from noomus_desktop.core.errors import NoomusError

#: Report file used when the process has no standard output (a windowed Windows executable).
REPORT_FILE = "self-test.txt"

#: The keyring backend a customer's platform needs, and the modules it imports lazily.
_NATIVE_KEYRING: dict[str, tuple[str, tuple[str, ...]]] = {
    "linux": ("keyring.backends.SecretService:Keyring", ("secretstorage", "jeepney")),
    "win32": ("keyring.backends.Windows:WinVaultKeyring", ("win32ctypes.pywin32.win32cred",)),
    "darwin": ("keyring.backends.macOS:Keyring", ("keyring.backends.macOS.api",)),
}

#: The Qt platform plugin the real window needs (the self-test itself runs offscreen).
_NATIVE_QPA: dict[str, str] = {"linux": "xcb", "win32": "windows", "darwin": "cocoa"}


@dataclass(frozen=True)
class CheckResult:
    """One line of the report."""

    name: str
    ok: bool
    detail: str


class SelfTest:
    """Runs the checks in order; keeps the QApplication alive while the others run."""

    def __init__(self) -> None:
        self._stack = ExitStack()
        self._qt_app: object | None = None

    def checks(self) -> list[tuple[str, Callable[[], str]]]:
        """(name, check) pairs; a check returns a short detail or raises."""
        return [
            ("qt", self.check_qt),
            ("crypto", check_crypto),
            ("keyring", check_keyring),
            ("translations", self.check_translations),
            ("config", check_config),
            ("tls", check_tls),
            ("app", check_app_imports),
        ]

    def run(self) -> list[CheckResult]:
        """Run every check, even after a failure, so one report shows everything missing."""
        results = []
        with self._stack:
            for name, check in self.checks():
                try:
                    results.append(CheckResult(name, True, check()))
                except Exception as exc:  # the report must show every failure, not only the first
                    results.append(CheckResult(name, False, f"{type(exc).__name__}: {exc}"))
        return results

    def check_qt(self) -> str:
        """Start Qt offscreen, load the SVG app icon, and find the native platform plugin."""
        from PySide6.QtCore import qVersion
        from PySide6.QtGui import QIcon, QImageReader
        from PySide6.QtWidgets import QApplication

        argv = ["noomus-self-test", "-platform", "offscreen"]
        self._qt_app = QApplication.instance() or QApplication(argv)
        formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
        if "svg" not in formats:
            raise SelfTestError("the SVG image format plugin is missing")
        icon_path = self._stack.enter_context(resources.as_file(_resource("icons", "app.svg")))
        if QIcon(str(icon_path)).pixmap(64, 64).isNull():
            raise SelfTestError("the application icon does not render")
        plugins = _platform_plugins()
        found = sorted(plugins)
        native = _NATIVE_QPA.get(sys.platform)
        if native is not None and native not in found:
            raise SelfTestError(f"platform plugin {native!r} missing (found: {found})")
        loaded = f"; {load_plugin(plugins[native])}" if native is not None else ""
        return f"Qt {qVersion()}; platform plugins: {', '.join(found)}{loaded}"

    def check_translations(self) -> str:
        """Every shipped ``.qm`` loads into a QTranslator, and so does Qt's own ``qtbase``
        catalogue of that language (standard buttons and dialogs)."""
        from PySide6.QtCore import QLibraryInfo, QTranslator

        folder = _resource("translations")
        if not folder.is_dir():
            return "no translations shipped"
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        loaded = []
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if not entry.name.endswith(".qm"):
                continue
            path = self._stack.enter_context(resources.as_file(entry))
            if not QTranslator().load(str(path)):
                raise SelfTestError(f"{entry.name} does not load")
            language = entry.name.removesuffix(".qm").rpartition("_")[2]
            if not QTranslator().load(f"qtbase_{language}", qt_dir):
                raise SelfTestError(f"Qt's qtbase_{language}.qm is missing from {qt_dir}")
            loaded.append(f"{entry.name} + qtbase_{language}.qm")
        return f"loaded {', '.join(loaded)}" if loaded else "no translations shipped"


class SelfTestError(NoomusError):
    """A check found its dependency present but not working."""

    code = "self_test_failed"


def _resource(*parts: str) -> resources.abc.Traversable:
    return resources.files("noomus_desktop").joinpath("resources", *parts)


def load_plugin(path: Path) -> str:
    """Load a Qt plugin library the way Qt will when the real window opens, resolving every
    library it links (the self-test itself runs offscreen, so this is the only proof that
    ``xcb``'s ``libxcb-cursor``, say, is on this system)."""
    from PySide6.QtCore import QPluginLoader

    loader = QPluginLoader(str(path))
    if not loader.load():
        raise SelfTestError(f"platform plugin {path.name} does not load: {loader.errorString()}")
    return f"{path.name} loads"


def _platform_plugins() -> dict[str, Path]:
    """Platform plugins where Qt will look when the real window opens, by name
    (``libqxcb.so``, ``qwindows.dll``, ``libqcocoa.dylib`` -> ``xcb``, ``windows``, ``cocoa``)."""
    from PySide6.QtCore import QCoreApplication, QLibraryInfo

    folders = [
        *QCoreApplication.libraryPaths(),
        QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath),
    ]
    plugins: dict[str, Path] = {}
    for folder in folders:
        platforms = Path(folder) / "platforms"
        if platforms.is_dir():
            for p in platforms.iterdir():
                plugins.setdefault(p.name.split(".")[0].removeprefix("lib").removeprefix("q"), p)
    return plugins


def check_crypto() -> str:
    """An age round trip through the app's own engine."""
    from noomus_desktop.core.crypto import decrypt_bytes, encrypt_bytes, generate_identity

    identity = generate_identity()
    plaintext = b"Noomus self-test: encrypted on this machine."
    ciphertext = encrypt_bytes(plaintext, identity.recipient())
    if not ciphertext.startswith(b"age-encryption.org/v1\n"):
        raise SelfTestError("the ciphertext is not an age v1 file")
    if decrypt_bytes(ciphertext, identity) != plaintext:
        raise SelfTestError("decryption did not give back the plaintext")
    return f"age v1 round trip of {len(plaintext)} bytes ({len(ciphertext)} encrypted)"


def check_keyring() -> str:
    """Keyring finds its backends through entry points, and this platform's backend imports.

    Whether a keyring daemon is running is the machine's business (the app then asks the
    user to sign in next time); a bundle without the backend classes is ours.
    """
    names = sorted(ep.name for ep in importlib.metadata.entry_points(group="keyring.backends"))
    if not names:
        raise SelfTestError("no keyring backends registered (package metadata missing)")
    for entry_point in importlib.metadata.entry_points(group="keyring.backends"):
        entry_point.load()
    native = _NATIVE_KEYRING.get(sys.platform)
    if native is not None:
        target, modules = native
        module_name, class_name = target.split(":")
        getattr(importlib.import_module(module_name), class_name)
        for module in modules:
            importlib.import_module(module)
    import keyring

    active = type(keyring.get_keyring())
    usable = _usable(native[0]) if native else "n/a"
    return (
        f"entry points: {', '.join(names)}; native: {native[0] if native else 'none'}"
        f" ({usable}); active now: {active.__module__}.{active.__name__}"
    )


def _usable(target: str) -> str:
    """Whether the native keyring can be used right now, or what it lacks (no D-Bus session,
    no Secret Service daemon...): the app then asks for the password at each sign-in."""
    module_name, class_name = target.split(":")
    backend = getattr(importlib.import_module(module_name), class_name)
    try:
        backend.priority  # noqa: B018 (a backend's priority property raises when it is unusable)
    except Exception as exc:  # each backend raises its own kind of error
        return f"not usable now: {exc}"
    return "usable now"


def check_config() -> str:
    """The shipped build configuration parses."""
    from noomus_desktop.core.config import load_build_config

    config = load_build_config()
    return (
        f"server {config.default_server_url or '(none)'};"
        f" {len(config.pinned_recipients)} server(s) with pinned recipients"
    )


def check_tls() -> str:
    """The OS trust store holds roots, and truststore verifies a real chain (and refuses an
    unknown CA) in a loopback handshake: :mod:`noomus_desktop.selftest_tls`."""
    from noomus_desktop.selftest_tls import check_tls as probe

    return probe()


def check_app_imports() -> str:
    """The GUI modules import (a frozen bundle lacking a hidden import fails here)."""
    importlib.import_module("noomus_desktop.app")
    return "noomus_desktop.app imports"


def format_report(results: list[CheckResult]) -> str:
    """The report, one check per line, with a verdict at the end."""
    frozen = "frozen" if getattr(sys, "frozen", False) else "source"
    lines = [
        f"Noomus Desktop {__version__} self-test ({frozen}, {platform.system()}"
        f" {platform.machine()}, Python {platform.python_version()})"
    ]
    width = max(len(r.name) for r in results)
    lines += [f"  {'ok  ' if r.ok else 'FAIL'}  {r.name:<{width}}  {r.detail}" for r in results]
    failed = [r.name for r in results if not r.ok]
    verdict = "passed" if not failed else f"FAILED ({', '.join(failed)})"
    lines.append(f"self-test {verdict}: {len(results) - len(failed)} of {len(results)} checks ok")
    return "\n".join(lines) + "\n"


@contextmanager
def _output(stream: TextIO | None) -> Iterator[TextIO]:
    if stream is not None:
        yield stream
    elif sys.stdout is not None:
        yield sys.stdout
    else:  # a windowed executable started without redirection: leave the report in the logs
        from noomus_desktop.core.paths import log_dir

        with (log_dir() / REPORT_FILE).open("w", encoding="utf-8") as handle:
            yield handle


def run(stream: TextIO | None = None) -> int:
    """Run the self-test, print its report, and return the process exit code (0: all passed)."""
    results = SelfTest().run()
    with _output(stream) as out:
        out.write(format_report(results))
        out.flush()
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(run())
