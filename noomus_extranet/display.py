"""Stored values made safe to print on an operator's terminal (``printable``).

The one implementation lives with the staff tool, which prints customers' file names too
(``noomus_desktop/staff/display.py``); the server's admin commands use it from there.
"""

from __future__ import annotations

from noomus_desktop.staff.display import printable

__all__ = ["printable"]
