"""Record what Qt tells assistive technology, by installing Qt's accessibility update handler.

PySide6 does not wrap ``QAccessible::installUpdateHandler``, so it is called through ctypes
(Linux, Qt's own library); the handler sees every ``QAccessibleEvent`` Qt would send to the
platform's bridge (AT-SPI on Linux), before the bridge does. Tests read from it what a screen
reader would be told: announcements, alerts, and the text of text-change events.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import PySide6
import pytest
import shiboken6
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAccessibleEvent,
    QAccessibleTextInsertEvent,
    QAccessibleTextRemoveEvent,
    QAccessibleTextUpdateEvent,
)

_HANDLER = ctypes.CFUNCTYPE(None, ctypes.c_void_p)
_INSTALL = "_ZN11QAccessible20installUpdateHandlerEPFvP16QAccessibleEventE"
_TEXTS = {
    QAccessible.Event.TextInserted: (QAccessibleTextInsertEvent, "textInserted"),
    QAccessible.Event.TextRemoved: (QAccessibleTextRemoveEvent, "textRemoved"),
    QAccessible.Event.TextUpdated: (QAccessibleTextUpdateEvent, "textInserted"),
    QAccessible.Event.Announcement: (QAccessibleAnnouncementEvent, "message"),
}


@dataclass
class Heard:
    """(event type, text carried or "") of every accessibility event, in order."""

    events: list[tuple[QAccessible.Event, str]] = field(default_factory=list)

    def texts(self, *kinds: QAccessible.Event) -> list[str]:
        return [text for kind, text in self.events if kind in kinds]

    def kinds(self) -> set[QAccessible.Event]:
        return {kind for kind, _text in self.events}


def _qt_gui() -> ctypes.CDLL:
    if not sys.platform.startswith("linux"):
        pytest.skip("the update handler is reached through the Linux Qt library")
    return ctypes.CDLL(str(Path(PySide6.__file__).parent / "Qt" / "lib" / "libQt6Gui.so.6"))


@contextmanager
def listening() -> Iterator[Heard]:
    """Accessibility switched on, and every event it sends recorded."""
    heard = Heard()

    def handle(pointer: int) -> None:
        event = cast(QAccessibleEvent, shiboken6.wrapInstance(pointer, QAccessibleEvent))
        kind = event.type()
        shiboken6.invalidate(event)  # the next wrap of this address must be the exact type
        text = ""
        if kind in _TEXTS:
            cls, getter = _TEXTS[kind]
            typed = shiboken6.wrapInstance(pointer, cls)
            text = getattr(typed, getter)()
            shiboken6.invalidate(typed)
        heard.events.append((kind, text))

    install = _qt_gui()[_INSTALL]
    install.restype = ctypes.c_void_p
    install.argtypes = [_HANDLER]
    handler = _HANDLER(handle)
    was_active = QAccessible.isActive()
    QAccessible.setActive(True)
    install(handler)
    try:
        yield heard
    finally:
        install(_HANDLER())
        QAccessible.setActive(was_active)
