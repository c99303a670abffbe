""" "Start at login": one switch, three mechanisms.

- Windows: the ``Noomus`` value under ``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run``,
  the same value the MSI writes for ``AUTOSTART=1`` (``installers/windows/noomus.wxs``);
- macOS: a LaunchAgent, ``~/Library/LaunchAgents/fi.noomus.desktop.plist`` (``RunAtLoad``);
- Linux: an XDG autostart entry, ``$XDG_CONFIG_HOME/autostart/noomus-desktop.desktop``.

The command is the running executable (the frozen app), so a moved installation registers its
new place the next time the user turns the setting on.
"""

from __future__ import annotations

import os
import plistlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
RUN_VALUE = "Noomus"
LAUNCH_AGENT_LABEL = "fi.noomus.desktop"
DESKTOP_NAME = "noomus-desktop.desktop"


class Autostart(Protocol):
    """Turns starting at login on and off, and says whether it is on."""

    def enable(self, command: list[str]) -> None: ...

    def disable(self) -> None: ...

    def is_enabled(self) -> bool: ...


def app_command() -> list[str]:
    """How to start this installation: the frozen executable, or Python running the app."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "noomus_desktop.app"]


def desktop_exec(arguments: list[str]) -> str:
    """An ``Exec=`` value as the desktop entry spec wants it (each argument quoted, with
    ``" ` $ \\`` escaped inside the quotes, then the key file's backslash escaping; ``%%``)."""

    def quote(argument: str) -> str:
        escaped = re.sub(r'([\\"`$])', r"\\\1", argument)
        return '"' + escaped + '"'

    return " ".join(quote(a) for a in arguments).replace("\\", "\\\\").replace("%", "%%")


@dataclass
class XdgAutostart:
    """Linux: a desktop entry in the user's autostart folder."""

    config_home: Path

    @classmethod
    def for_user(cls) -> XdgAutostart:
        return cls(Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"))

    @property
    def path(self) -> Path:
        return self.config_home / "autostart" / DESKTOP_NAME

    def enable(self, command: list[str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(
            "[Desktop Entry]\nType=Application\nName=Noomus\n"
            f"Exec={desktop_exec(command)}\nIcon=noomus-desktop\nTerminal=false\n"
            "X-GNOME-Autostart-enabled=true\n",
            "utf-8",
        )

    def disable(self) -> None:
        self.path.unlink(missing_ok=True)

    def is_enabled(self) -> bool:
        return self.path.is_file()


@dataclass
class LaunchAgent:
    """macOS: a per-user LaunchAgent that runs the app once at login."""

    home: Path

    @classmethod
    def for_user(cls) -> LaunchAgent:
        return cls(Path.home())

    @property
    def path(self) -> Path:
        return self.home / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT_LABEL}.plist"

    def enable(self, command: list[str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        agent = {"Label": LAUNCH_AGENT_LABEL, "ProgramArguments": command, "RunAtLoad": True}
        self.path.write_bytes(plistlib.dumps(agent))

    def disable(self) -> None:
        self.path.unlink(missing_ok=True)

    def is_enabled(self) -> bool:
        return self.path.is_file()


if sys.platform == "win32":
    import winreg

    class WindowsRun:
        """Windows: the Run value under HKEY_CURRENT_USER."""

        def enable(self, command: list[str]) -> None:
            value = " ".join(f'"{part}"' for part in command)
            with winreg.CreateKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                winreg.SetValueEx(key, RUN_VALUE, 0, winreg.REG_SZ, value)

        def disable(self) -> None:
            try:
                with winreg.OpenKey(
                    winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE
                ) as key:
                    winreg.DeleteValue(key, RUN_VALUE)
            except OSError:
                pass  # not there: nothing to turn off

        def is_enabled(self) -> bool:
            try:
                with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                    winreg.QueryValueEx(key, RUN_VALUE)
            except OSError:
                return False
            return True


def for_this_system() -> Autostart:
    """The mechanism of the platform the app runs on."""
    if sys.platform == "win32":
        return WindowsRun()
    if sys.platform == "darwin":
        return LaunchAgent.for_user()
    return XdgAutostart.for_user()


def apply(enabled: bool, autostart: Autostart | None = None) -> None:
    """Make the system match the setting."""
    target = autostart or for_this_system()
    if enabled:
        target.enable(app_command())
    else:
        target.disable()
