"""The update check at start-up: when turned on, look at the signed feed (on the thread pool)
and tell the user once about each newer version, with its link.

The checker (:mod:`noomus_desktop.core.updates`) already fetches at most daily; this module
also remembers which version it announced (``update-told.json``), so a release the user was
told about is not announced again every day. Nothing is fetched when the check is off.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject

from noomus_desktop import __version__
from noomus_desktop.core import paths, updates
from noomus_desktop.core.config import (
    WINDOWS_KEY,
    BuildConfig,
    RegistryReader,
    Settings,
    read_windows_registry,
)
from noomus_desktop.core.fsutil import write_json
from noomus_desktop.core.updates import FeedError, UpdateChecker, UpdateNotice
from noomus_desktop.ui.notifier import Notifier
from noomus_desktop.ui.tasks import run_in_background

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

#: The last version the user was told about.
TOLD_FILE = "update-told.json"


def checks_enabled(settings: Settings, read: RegistryReader = read_windows_registry) -> bool:
    """The user's choice in Settings, else the installer's ``UPDATECHECK``, else off."""
    return updates.enabled(settings.check_for_updates, read(WINDOWS_KEY, updates.INSTALLED_VALUE))


def _not_told_yet(checker: UpdateChecker, told: Path) -> UpdateNotice | None:
    """Thread pool: the checker's notice unless this version was announced before."""
    notice = checker.check()
    if notice is None:
        return None
    try:
        if json.loads(told.read_text("utf-8")).get("version") == notice.version:
            return None
    except (OSError, ValueError, AttributeError):
        pass  # never told (or an unreadable record): tell
    write_json(told, {"version": notice.version}, private=False)
    return notice


def announce(notice: UpdateNotice, notifier: Notifier) -> None:
    """Tell the user (tray notification, or the window's banner without a tray)."""
    notifier.notify(
        translate("UpdateNotice", "A newer Noomus is available"),
        translate("UpdateNotice", "Noomus %1 is available: %2")
        .replace("%1", notice.version)
        .replace("%2", notice.url),
    )


def check_at_start(
    settings: Settings,
    build: BuildConfig,
    notifier: Notifier,
    parent: QObject,
    *,
    current: str = __version__,
    state_dir: Path | None = None,
    read: RegistryReader = read_windows_registry,
) -> bool:
    """Start the background check if it is on and the build names a feed; True if started."""
    if not checks_enabled(settings, read):
        return False
    folder = state_dir or paths.data_dir()
    try:
        checker = updates.checker(build.update_feed_url, build.update_public_key, current, folder)
    except FeedError as exc:  # a packaging mistake: no checks, but the app runs
        log.warning("No update checks: %s", exc.message)
        return False
    if checker is None:
        return False
    told = folder / TOLD_FILE
    run_in_background(
        lambda: _not_told_yet(checker, told),
        lambda notice: announce(notice, notifier) if notice is not None else None,
        lambda error: log.info("Update check failed (%s)", error.code),
        parent,
    )
    return True
