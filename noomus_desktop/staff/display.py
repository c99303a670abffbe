"""Stored values made safe to print on an operator's terminal, one row per line.

A lost-password note is sent without authentication and a device name by any customer:
with terminal escapes, a newline or a tab in them they could forge rows in ``incidents
list`` or ``users sessions``, or rewrite what is already on the screen. Every control or
format character (C0, DEL, C1, bidirectional overrides...) is printed as a Python-style
escape, and so is the backslash itself, so that the output is unambiguous.
"""

from __future__ import annotations

import unicodedata

_UNSAFE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def printable(value: object) -> str:
    """``value`` as text with nothing a terminal would interpret."""
    text = "" if value is None else str(value)
    return "".join(
        "\\\\" if c == "\\" else _escape(c) if unicodedata.category(c) in _UNSAFE else c
        for c in text
    )
