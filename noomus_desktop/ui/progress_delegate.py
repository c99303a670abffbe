"""Paints the progress column with the platform's progress bar (no widget per row).

A bar only where progress means something (DESIGN.md: "a horizontal bar only while sending"):
a file being prepared, sent, checked, retried or paused. A waiting or finished row shows no
bar; its state column says "Waiting", "Delivered" or the problem, so a full bar on a failed
file or an empty one on a waiting file cannot be misread.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
)

from noomus_desktop.core.queue import TransferState
from noomus_desktop.ui.transfer_model import PROGRESS_ROLE, ROW_ROLE, TransferRow


def _has_progress(state: TransferState) -> bool:
    return not state.finished and state is not TransferState.QUEUED


class ProgressDelegate(QStyledItemDelegate):
    """Draws ``PROGRESS_ROLE`` as a ``CE_ProgressBar`` with its percentage as text."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        fraction = index.data(PROGRESS_ROLE)
        if not isinstance(fraction, float):
            super().paint(painter, option, index)
            return
        row = index.data(ROW_ROLE)
        style = option.widget.style() if option.widget else QApplication.style()
        if isinstance(row, TransferRow) and not _has_progress(row.state):
            # The cell's background only (the selection shows across the whole row).
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget
            )
            return
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(2, 3, -2, -3)
        bar.minimum = 0
        bar.maximum = 1000
        bar.progress = int(fraction * 1000)
        bar.text = str(index.data(Qt.ItemDataRole.DisplayRole))
        bar.textVisible = True
        # Without State_Horizontal, styles draw a vertical bar: it would fill bottom-up.
        bar.state = option.state | QStyle.StateFlag.State_Horizontal
        bar.palette = option.palette
        bar.fontMetrics = option.fontMetrics
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, option.widget)
