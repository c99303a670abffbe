"""Dump an application's accessibility tree from the AT-SPI bus, as a screen reader reads it.

Runs under the *system* Python (``/usr/bin/python3``), which has ``pyatspi`` (Debian
python3-pyatspi); it imports nothing of the project. Prints one JSON list of the nodes
(role, name, description, text, states) of the application named on the command line, once
it has appeared with a window; exits 2 if it does not within the time limit.

Usage: ``/usr/bin/python3 dump_tree.py APP_NAME [SECONDS]``.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import pyatspi  # type: ignore[import-not-found]  # the system Python's, not the project's


def _text(node: Any) -> str | None:
    """The node's text (an entry's content), or None when it has no Text interface."""
    try:
        text = node.queryText()
    except NotImplementedError:
        return None
    return str(text.getText(0, -1))


def _walk(node: Any, depth: int, out: list[dict[str, Any]]) -> None:
    if node is None or depth > 40:
        return
    out.append(
        {
            "role": node.getRoleName(),
            "name": node.name,
            "description": node.description,
            "text": _text(node),
            "states": sorted(pyatspi.stateToString(s) for s in node.getState().getStates()),
        }
    )
    for index in range(node.childCount):
        _walk(node.getChildAtIndex(index), depth + 1, out)


def _applications() -> list[Any]:
    desktop = pyatspi.Registry.getDesktop(0)
    return [desktop.getChildAtIndex(index) for index in range(desktop.childCount)]


def main() -> int:
    app_name = sys.argv[1]
    limit = float(sys.argv[2]) if len(sys.argv) > 2 else 30.0
    deadline = time.monotonic() + limit
    while True:
        for app in _applications():
            if app is not None and app.name == app_name and app.childCount > 0:
                nodes: list[dict[str, Any]] = []
                _walk(app, 0, nodes)
                print(json.dumps(nodes))
                return 0
        if time.monotonic() > deadline:
            names = [app.name for app in _applications() if app is not None]
            sys.stderr.write(f"{app_name} is not on the bus; the applications there: {names!r}\n")
            return 2
        time.sleep(0.2)


if __name__ == "__main__":
    sys.exit(main())
