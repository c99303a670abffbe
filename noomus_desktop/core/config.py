"""Settings (the user's choices) and the build configuration (what this build ships with).

Settings live in ``settings.json`` under :func:`paths.config_dir` and never hold secrets.
The build configuration is a JSON resource inside the package
(``noomus_desktop/resources/build-config.json``; ``demo-config.json`` for ``--demo``), read with
``importlib.resources`` so a checkout, a wheel and a frozen bundle behave the same.

On Windows an administrator may set the default server at install time (``msiexec ...
SERVERURL=https://...``); the installer writes it to the registry and it replaces the build's
default. The user's own setting still comes first (:meth:`Settings.effective_server_url`).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import sys
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, fields
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from noomus_desktop.core import paths
from noomus_desktop.core.contact import Contact
from noomus_desktop.core.errors import NoomusError
from noomus_desktop.core.fsutil import write_json
from noomus_desktop.core.net import check_url

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.json"
BUILD_CONFIG = "build-config.json"
DEMO_CONFIG = "demo-config.json"
#: Where the Windows installer keeps the administrator's choices, under HKEY_CURRENT_USER
#: (``installers/windows/noomus.wxs``), and the value naming the default server.
WINDOWS_KEY = r"Software\Noomus\Desktop"
WINDOWS_SERVER_URL = "ServerUrl"

#: Reads one string value of a key under HKEY_CURRENT_USER: ``(key, name) -> value or None``.
RegistryReader = Callable[[str, str], "str | None"]


@dataclass
class Settings:
    """What the user chose. ``""`` means "use the default" (server: the build's; language: OS)."""

    server_url: str = ""
    language: str = ""
    notifications: bool = True
    remember_me: bool = False
    last_username: str = ""
    concurrency: int = 3
    #: An extra CA certificate file to trust (corporate TLS inspection), besides the OS store.
    ca_bundle: str = ""
    #: "yes"/"no": the user's choice about update notifications; "" follows the installer
    #: (MSI ``UPDATECHECK=1``), else off (:mod:`noomus_desktop.core.updates`).
    check_for_updates: str = ""
    #: Where the window's file choosers open: the folder the customer last chose from.
    last_folder: str = ""

    def effective_server_url(self, build: BuildConfig) -> str:
        return self.server_url or build.default_server_url

    def save(self, path: Path | None = None) -> None:
        """Persist under :func:`paths.config_dir` (or ``path``)."""
        # No secret inside: the file keeps the mode the umask gives, as it always had.
        write_json(path or settings_path(), asdict(self), private=False)


def settings_path() -> Path:
    return paths.config_dir() / SETTINGS_FILE


def load_settings(path: Path | None = None) -> Settings:
    """The saved settings; defaults for a missing file, unknown keys or values of the wrong type
    (a damaged settings file must never stop the app from starting)."""
    source = path or settings_path()
    try:
        data = json.loads(source.read_text("utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError) as exc:
        log.warning("Ignoring unreadable settings file %s (%s)", source, type(exc).__name__)
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    defaults = Settings()
    values: dict[str, Any] = {}
    for f in fields(Settings):
        value = data.get(f.name)
        default = getattr(defaults, f.name)
        if type(value) is type(default):
            values[f.name] = value
    return Settings(**values)


@dataclass(frozen=True)
class BuildConfig:
    """What a build ships with: where to connect, whom to call, and recipients pinned in advance."""

    app_name: str = "Noomus Desktop"
    default_server_url: str = ""
    #: Normalised server URL -> the only recipients that server may ever use.
    pinned_recipients: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    contact: Contact = field(default_factory=Contact)
    request_account_url: str = ""
    #: The signed update feed and its base64 Ed25519 public key ("": no update checks).
    update_feed_url: str = ""
    update_public_key: str = ""

    def pins_for(self, server_url: str) -> tuple[str, ...] | None:
        """The recipients pinned in the build for ``server_url``, or None if it has none."""
        return self.pinned_recipients.get(check_url(server_url))


class BuildConfigError(ValueError):
    """The bundled configuration is broken: a packaging bug, so fail loudly at start-up."""


def _build_config(data: Any) -> BuildConfig:
    if not isinstance(data, dict):
        raise BuildConfigError("build configuration must be a JSON object")
    contact = data.get("contact") or {}
    pins = data.get("pinned_recipients") or {}
    try:
        default_url = str(data.get("default_server_url") or "")
        return BuildConfig(
            app_name=str(data.get("app_name") or "Noomus Desktop"),
            default_server_url=check_url(default_url) if default_url else "",
            pinned_recipients=MappingProxyType(
                {
                    check_url(url): tuple(str(r) for r in recipients)
                    for url, recipients in pins.items()
                }
            ),
            contact=Contact(
                email=str(contact.get("email") or ""),
                phone=str(contact.get("phone") or ""),
                address=str(contact.get("address") or ""),
            ),
            request_account_url=str(data.get("request_account_url") or ""),
            **_update_feed(data.get("update_feed") or {}),
        )
    except (AttributeError, TypeError, ValueError, NoomusError) as exc:
        raise BuildConfigError(f"invalid build configuration: {exc}") from exc


def _update_feed(feed: Any) -> dict[str, str]:
    """The update feed's URL and key, both or neither (the key is checked when used)."""
    url, key = str(feed.get("url") or ""), str(feed.get("public_key") or "")
    if bool(url) != bool(key):
        raise BuildConfigError("update_feed needs both url and public_key")
    return {"update_feed_url": check_url(url) if url else "", "update_public_key": key}


if sys.platform == "win32":
    import winreg

    def read_windows_registry(key: str, name: str) -> str | None:
        """A non-empty string value under HKEY_CURRENT_USER (a per-user install), else under
        HKEY_LOCAL_MACHINE (a per-machine install or an administrator's policy); None when
        neither has one."""
        for hive in (winreg.HKEY_CURRENT_USER, winreg.HKEY_LOCAL_MACHINE):
            try:
                with winreg.OpenKey(hive, key) as handle:
                    value, _kind = winreg.QueryValueEx(handle, name)
            except OSError:
                continue
            if isinstance(value, str) and value.strip():
                return value
        return None

else:

    def read_windows_registry(key: str, name: str) -> str | None:
        """Elsewhere there is no registry: no installed default."""
        return None


def installed_server_url(read: RegistryReader = read_windows_registry) -> str:
    """The default server the administrator set at install time, or "" (none, or not valid:
    a bad value must not stop the app, which then uses the build's default)."""
    value = (read(WINDOWS_KEY, WINDOWS_SERVER_URL) or "").strip()
    if not value:
        return ""
    try:
        return check_url(value)
    except NoomusError as exc:
        log.warning("Ignoring the installed server address %r (%s)", value, exc.message)
        return ""


def load_build_config(
    path: Path | None = None,
    *,
    demo: bool = False,
    registry: RegistryReader = read_windows_registry,
) -> BuildConfig:
    """The bundled build configuration (``demo``: the one for ``--demo``), or a file at ``path``;
    for the bundled one outside ``--demo``, the server set at install time is the default
    (``registry``)."""
    if path is not None:
        text = path.read_text("utf-8")
    else:
        name = DEMO_CONFIG if demo else BUILD_CONFIG
        text = resources.files("noomus_desktop").joinpath("resources", name).read_text("utf-8")
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise BuildConfigError(f"build configuration is not valid JSON: {exc}") from exc
    build = _build_config(data)
    # Only the shipped configuration takes the installer's server: an explicit file wins.
    installed = "" if demo or path is not None else installed_server_url(registry)
    return dataclasses.replace(build, default_server_url=installed) if installed else build
