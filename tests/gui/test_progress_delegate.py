"""The row progress bar, painted by the delegate into an image: it fills left to right."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QStyleOptionViewItem, QTableView
from pytestqt.qtbot import QtBot

from noomus_desktop.core.queue import TransferState
from noomus_desktop.ui.progress_delegate import ProgressDelegate
from noomus_desktop.ui.transfer_model import Column, TransferModel, TransferRow

WIDTH, HEIGHT = 200, 24


def _paint_row(
    qtbot: QtBot, fraction: float, state: TransferState = TransferState.UPLOADING
) -> tuple[QImage, QColor]:
    model = TransferModel()
    total = 1000
    model.add_rows(
        [
            TransferRow(
                1,
                "a.pdf",
                "/tmp/a.pdf",
                total,
                state,
                sent=int(total * fraction),
                total=total,
            )
        ]
    )
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    delegate = ProgressDelegate(view)
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = QRect(0, 0, WIDTH, HEIGHT)
    painter = QPainter(image)
    delegate.paint(painter, option, model.index(0, Column.PROGRESS))
    painter.end()
    return image, view.palette().color(QPalette.ColorRole.Highlight)


def _filled(image: QImage, x: int, highlight: QColor) -> bool:
    """Whether column ``x`` has a pixel close to the highlight colour (the bar's chunk)."""
    for y in range(HEIGHT):
        pixel = image.pixelColor(x, y)
        if (
            abs(pixel.red() - highlight.red())
            + abs(pixel.green() - highlight.green())
            + abs(pixel.blue() - highlight.blue())
            < 60
        ):
            return True
    return False


def test_the_bar_fills_from_the_left(qtbot: QtBot) -> None:
    image, highlight = _paint_row(qtbot, 0.3)
    filled = [x for x in range(WIDTH) if _filled(image, x, highlight)]
    assert filled, "no part of the bar is filled"
    # 30 %: the chunk covers the left part of the bar and nothing of its right half.
    assert min(filled) < WIDTH * 0.1
    assert max(filled) < WIDTH * 0.5
    assert max(filled) - min(filled) > WIDTH * 0.15


@pytest.mark.parametrize("state", list(TransferState))
def test_a_bar_only_where_progress_means_something(qtbot: QtBot, state: TransferState) -> None:
    """Preparing, sending, checking, retrying and paused rows have a bar; a waiting or a
    finished row has none (its state column says Waiting, Delivered or the problem)."""
    image, highlight = _paint_row(qtbot, 0.5, state)
    drawn = any(_filled(image, x, highlight) for x in range(WIDTH))
    assert drawn is (not state.finished and state is not TransferState.QUEUED), state
