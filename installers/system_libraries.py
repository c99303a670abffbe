"""The few system libraries the Linux bundle does not carry, checked before Qt is loaded.

The bundle carries its own Qt, Python, OpenSSL, fontconfig and xkbcommon, but not the OpenGL
dispatch libraries (they must match the machine's graphics driver) nor the X11/Wayland client
libraries of the session. Without ``libGL.so.1`` Qt cannot even be imported, and a customer
would see a Python traceback; this says which Debian package to install instead.
``tests/packaging/test_debian.py`` runs the bundle in a minimal Debian 12 and keeps this list
honest.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable, Mapping

#: soname -> Debian/Ubuntu package that provides it: what Qt needs to start at all. The X11
#: plugin's own xcb libraries are bundled (a minimal Debian 12 loads it with only these).
REQUIRED: Mapping[str, str] = {
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libxcb.so.1": "libxcb1",
}


def _loads(name: str) -> bool:
    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def missing(
    libraries: Mapping[str, str] = REQUIRED, loads: Callable[[str], bool] = _loads
) -> dict[str, str]:
    """The libraries of ``libraries`` this system cannot load, with their packages."""
    return {name: package for name, package in libraries.items() if not loads(name)}


def message(absent: Mapping[str, str]) -> str:
    """What to tell the person starting the app."""
    names = ", ".join(absent)
    packages = " ".join(sorted(set(absent.values())))
    return (
        f"Noomus cannot start: this system lacks {names}.\n"
        f"On Debian or Ubuntu install them with: sudo apt install {packages}\n"
    )


def check() -> bool:
    """On Linux, say what is missing on standard error; True when Qt can be loaded."""
    if not sys.platform.startswith("linux"):
        return True
    absent = missing()
    if absent:
        sys.stderr.write(message(absent))
    return not absent
