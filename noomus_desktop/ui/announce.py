"""Say something to a screen reader now: errors, failed files and batch results.

A message that appears in a label is silent to a screen reader until the customer happens to
move there. ``announce`` posts Qt's announcement event (spoken at once by screen readers that
support it) and, for those that ignore announcements (older Orca), an alert event on the
widget that shows the message, as a message box would.
"""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QWidget

try:  # Qt 6.8 and later
    from PySide6.QtGui import QAccessibleAnnouncementEvent
except ImportError:  # pragma: no cover - older Qt: the alert alone
    QAccessibleAnnouncementEvent = None  # type: ignore[assignment,misc]


def announce(widget: QWidget, text: str, *, urgent: bool = True) -> None:
    """Announce ``text`` for ``widget`` (``urgent``: interrupt what is being spoken)."""
    if not text or not QAccessible.isActive():
        return
    if QAccessibleAnnouncementEvent is not None:
        event = QAccessibleAnnouncementEvent(widget, text)
        politeness = QAccessible.AnnouncementPoliteness
        event.setPoliteness(politeness.Assertive if urgent else politeness.Polite)
        QAccessible.updateAccessibility(event)
    QAccessible.updateAccessibility(QAccessibleEvent(widget, QAccessible.Event.Alert))
