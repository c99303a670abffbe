from __future__ import annotations

import stat
from pathlib import Path

from noomus_desktop.core import paths


def test_every_folder_lives_under_the_override(noomus_home: Path) -> None:
    for folder in (paths.data_dir(), paths.config_dir(), paths.log_dir()):
        assert noomus_home in folder.parents
        assert folder.is_dir()


def test_folders_are_private_to_the_user(noomus_home: Path) -> None:
    mode = stat.S_IMODE(paths.data_dir().stat().st_mode)
    assert mode & 0o077 == 0, oct(mode)
