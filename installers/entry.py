"""The frozen app's entry point (the script PyInstaller starts).

``--self-test`` checks the bundle and exits; ``--remove-user-data`` is run by the Windows
uninstaller when the administrator asks for it; anything else starts the desktop app. On Linux
the system libraries Qt needs are checked first (:mod:`installers.system_libraries`), so a
missing ``libGL.so.1`` is a sentence naming the package, not a traceback. ``--demo`` needs the
reference server, which a customer build does not carry: it says so and exits with 2.
"""

from __future__ import annotations

import importlib
import sys

DEMO_UNAVAILABLE = (
    "--demo needs the Noomus reference server, which is not part of this installation.\n"
)


def main(argv: list[str]) -> int:
    """Dispatch on the installer-only switches, else hand over to ``noomus_desktop.app``."""
    if "--remove-user-data" in argv:
        from installers.uninstall import remove_user_data

        return remove_user_data()
    from installers.system_libraries import check

    libraries_ok = check()
    if "--self-test" in argv:
        from noomus_desktop.selftest import run

        return run()
    if not libraries_ok:
        return 3
    if "--demo" in argv:
        if sys.stderr is not None:  # a windowed Windows executable has none
            sys.stderr.write(DEMO_UNAVAILABLE)
        return 2
    # Imported by name so the spec's hidden imports, not this script, decide what is bundled.
    app = importlib.import_module("noomus_desktop.app")
    result = app.main()
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
