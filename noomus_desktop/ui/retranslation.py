"""Re-translation for objects that are not widgets (the tray): Qt tells only widgets.

When a translator comes or goes, Qt sends ``QEvent.LanguageChange`` to every widget, and each
window re-sets its texts in ``changeEvent``. A ``QObject`` such as the tray gets no such event,
so it watches a widget it owns (its menu) and re-translates when that widget is told.
"""

from __future__ import annotations

from collections.abc import Callable
from weakref import WeakMethod

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget


class _LanguageWatcher(QObject):
    """Holds its callback weakly: a strong reference from the widget's child back to the owner
    would make a cycle through Qt, and freeing that in a garbage collection crashes PySide."""

    def __init__(self, widget: QWidget, retranslate: WeakMethod[Callable[[], None]]) -> None:
        super().__init__(widget)
        self._retranslate = retranslate
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange and (call := self._retranslate()):
            call()
        return False


def on_language_change(widget: QWidget, retranslate: Callable[[], None]) -> None:
    """Call the bound method ``retranslate`` each time ``widget`` hears that the language
    changed, while its object lives (the watcher is the widget's child: it lives as long)."""
    _LanguageWatcher(widget, WeakMethod(retranslate))
