"""The frozen app's entry point (the script PyInstaller starts).

``--self-test`` checks the bundle and exits; ``--remove-user-data`` is run by the Windows
uninstaller when the administrator asks for it; anything else starts the desktop app.
"""

from __future__ import annotations

import importlib
import sys


def main(argv: list[str]) -> int:
    """Dispatch on the installer-only switches, else hand over to ``noomus_desktop.app``."""
    if "--self-test" in argv:
        from noomus_desktop.selftest import run

        return run()
    if "--remove-user-data" in argv:
        from installers.uninstall import remove_user_data

        return remove_user_data()
    # Imported by name so the spec's hidden imports, not this script, decide what is bundled.
    app = importlib.import_module("noomus_desktop.app")
    result = app.main()
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
