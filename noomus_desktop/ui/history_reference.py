"""The History tab's delivery reference: the number Noomus gave each delivery ("#42"), which
the customer can quote to Noomus (staff find the file by it: ``noomus-extranet deliveries``),
with a Copy action on the row (context menu and Ctrl+C).

It adds one column to the window's history table rather than owning the table, so the
window's layout stays where it is; the column's title follows a language change by itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem

from noomus_desktop.core.queue import HistoryEntry

#: The reference's column, after the window's file, size and date.
COLUMN = 3


def reference_text(delivery_id: str | None) -> str:
    """ "#42", as the CLI's ``history`` prints it; "" when the server gave none."""
    return f"#{delivery_id}" if delivery_id else ""


class HistoryReferences(QObject):
    """Shows each delivery's reference in ``table`` and copies the current row's."""

    def __init__(self, table: QTableWidget) -> None:
        super().__init__(table)
        self._table = table
        table.setColumnCount(max(table.columnCount(), COLUMN + 1))
        self.copy_action = QAction(self)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action.triggered.connect(self.copy)
        table.addAction(self.copy_action)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        table.currentCellChanged.connect(lambda *_cells: self._enable())
        table.installEventFilter(self)
        self._retranslate()
        self._enable()

    def show(self, entries: Sequence[HistoryEntry]) -> None:
        """Fill the column for ``entries`` (the rows the window has just shown, in order)."""
        for row, entry in enumerate(entries):
            item = QTableWidgetItem(reference_text(entry.delivery_id))
            item.setToolTip(self.tr("Quote this reference to Noomus to find this delivery."))
            self._table.setItem(row, COLUMN, item)
        self._enable()

    def current(self) -> str:
        """The current row's reference ("" for none)."""
        item = self._table.item(self._table.currentRow(), COLUMN)
        return item.text() if item is not None else ""

    def copy(self) -> None:
        reference = self.current()
        if reference:
            QApplication.clipboard().setText(reference)

    def _enable(self) -> None:
        self.copy_action.setEnabled(bool(self.current()))

    def _retranslate(self) -> None:
        #: Column title in History: the number Noomus gave the delivery ("#42").
        self._table.setHorizontalHeaderItem(COLUMN, QTableWidgetItem(self.tr("Reference")))
        self.copy_action.setText(self.tr("&Copy delivery reference"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is not self._table:
            return False
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        elif (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Copy)
        ):
            # The table would copy the current cell (the file name): copy the reference.
            self.copy()
            return True
        return False
