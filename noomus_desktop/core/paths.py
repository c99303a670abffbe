"""Every file location the app uses, in one place.

Tests and smoke runs point everything at a throwaway folder with ``NOOMUS_HOME``
(the way qutebrowser's ``--temp-basedir`` does), so nothing touches the user's real
settings, queue or history.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Noomus"
APP_AUTHOR = "Noomus"
HOME_ENV = "NOOMUS_HOME"


def _override() -> Path | None:
    value = os.environ.get(HOME_ENV)
    return Path(value) if value else None


def _ensure_private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def data_dir() -> Path:
    """Queue database, per-transfer secret state, delivery history."""
    base = _override()
    path = base / "data" if base else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    return _ensure_private_dir(path)


def config_dir() -> Path:
    """Settings (server URL, language, notification switch, pinned recipients)."""
    base = _override()
    path = base / "config" if base else Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))
    return _ensure_private_dir(path)


def log_dir() -> Path:
    """Log files; they never contain tokens, passwords or file names."""
    base = _override()
    path = base / "logs" if base else Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
    return _ensure_private_dir(path)
