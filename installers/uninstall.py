"""``--remove-user-data``: what the MSI runs on uninstall when ``REMOVEUSERDATA=1`` is set.

By default an uninstall keeps the user's queue, history, settings and logs (they live in the
user's data folders, never in the install folder), so a reinstall picks up where it stopped.
The keyring entry is not touched: signing out removes it, and it is useless without the app.
"""

from __future__ import annotations

import shutil

from noomus_desktop.core import paths


def remove_user_data() -> int:
    """Delete the user's data folders; 0 when they are gone (the uninstall never fails on it).

    On Windows the data and settings folders are one folder and the logs sit inside it, so
    the same tree may come up twice: removing a missing folder is a no-op.
    """
    folders = (paths.data_dir(), paths.config_dir(), paths.log_dir())
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    return 1 if any(folder.exists() for folder in folders) else 0
