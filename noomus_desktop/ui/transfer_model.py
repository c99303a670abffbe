"""The transfer queue as a Qt table model: one row per file, refreshed in batches.

The engine's events arrive through the bridge; this model records them and tells the views
what changed at most once per refresh (``flush``), so thousands of rows and frequent
progress events cost one ``dataChanged`` per tick instead of one per event.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from noomus_desktop.core.queue import TransferRecord, TransferState
from noomus_desktop.ui import formatting, look, messages

_Index = QModelIndex | QPersistentModelIndex


class Column(enum.IntEnum):
    NAME = 0
    SIZE = 1
    PROGRESS = 2
    SPEED = 3
    STATUS = 4


#: Fraction done (0.0-1.0) of the row, or -1.0 when there is nothing to show.
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 1
#: The row's ``TransferRow``.
ROW_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclasses.dataclass
class TransferRow:
    """What the window shows about one transfer (a UI copy of the engine's record)."""

    transfer_id: int
    name: str
    path: str
    #: Plaintext size (shown); ``total`` is what progress counts (ciphertext when known).
    size: int
    state: TransferState
    detail: str | None = None
    sent: int = 0
    total: int = 0
    speed: float = 0.0
    eta: float | None = None
    # The drop or command this transfer came with (overall progress counts current batches).
    batch: str = ""

    @classmethod
    def from_record(cls, record: TransferRecord) -> TransferRow:
        return cls(
            transfer_id=record.id,
            name=record.relative_path,
            path=record.path,
            size=record.size,
            state=record.state,
            detail=record.error_code,
            sent=record.offset,
            total=record.total or record.size,
            batch=record.batch_id,
        )

    @property
    def fraction(self) -> float:
        if self.state is TransferState.DONE:
            return 1.0
        if self.total <= 0:
            return 0.0
        return min(1.0, self.sent / self.total)


@dataclasses.dataclass(frozen=True)
class QueueSummary:
    """Totals for the status line and the tray.

    ``batch_done``/``batch_total`` are the bytes of the current batches only: those with a
    file still on its way or paused (their delivered files included, cancelled and failed
    ones not). A finished batch drops out, so the next drop starts at 0 %.
    """

    total: int
    done: int
    active: int
    failed: int
    paused: int
    bytes_done: int
    bytes_left: int
    speed: float
    batch_done: int = 0
    batch_total: int = 0
    # Files waiting for the next automatic attempt (the connection, usually).
    retrying: int = 0

    @property
    def unfinished(self) -> int:
        """Files the engine is working on or the customer paused."""
        return self.active + self.paused

    @property
    def percent(self) -> int:
        """Overall progress in whole percents: never 100 while anything is unfinished."""
        if not self.unfinished or self.batch_total <= 0:
            return 0
        return min(99, 100 * self.batch_done // self.batch_total)


class TransferModel(QAbstractTableModel):
    """Rows of ``TransferRow``; callers add/update and then ``flush`` once per refresh."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[TransferRow] = []
        self._index: dict[int, int] = {}
        self._dirty_first: int | None = None
        self._dirty_last = -1
        # Running totals in ``QueueSummary`` field order up to ``bytes_left``, then ``retrying``.
        self._totals = [0] * 8
        self._speed = 0.0
        # Signed out: unfinished rows say "Waiting for sign-in" (nothing sends them).
        self._signed_out = False
        # Per batch: [unfinished files, bytes done, bytes counted] (see ``_count``).
        self._batches: dict[str, list[int]] = {}

    # -- Qt model interface -------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(Column)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(Column):
            return None
        titles = {
            #: Column title: the file's name (a noun, not the File menu).
            Column.NAME: self.tr("File"),
            Column.SIZE: self.tr("Size"),
            Column.PROGRESS: self.tr("Progress"),
            Column.SPEED: self.tr("Speed"),
            Column.STATUS: self.tr("Time left or state"),
        }
        return titles[Column(section)]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == ROW_ROLE:
            return row
        if role == PROGRESS_ROLE:
            return row.fraction if column == Column.PROGRESS else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            # The whole sentence behind the row's few words (a screen reader reads it all).
            if column == Column.STATUS:
                return self._text(row, column, whole=True)
            if role == Qt.ItemDataRole.ToolTipRole:
                return row.path if column == Column.NAME else None
            return self._text(row, column)
        if column == Column.STATUS and role in (
            Qt.ItemDataRole.DecorationRole,
            Qt.ItemDataRole.ForegroundRole,
        ):
            return self._look(row, role)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.SIZE, Column.SPEED):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _look(self, row: TransferRow, role: int) -> Any:
        """The state's glyph beside its words, and the words in the state's colour if it has
        one that matters (problems, retries, deliveries); never colour alone."""
        tone = look.Tone.SIGNED_OUT if self._signed_out and not row.state.finished else None
        tone = tone or look.tone_of(row.state)
        if role == Qt.ItemDataRole.DecorationRole:
            return look.icon(tone)
        if tone in (look.Tone.PROBLEM, look.Tone.RETRYING, look.Tone.DELIVERED):
            return look.colour(tone)
        return None

    def _text(self, row: TransferRow, column: Column, *, whole: bool = False) -> str:
        if column == Column.NAME:
            return row.name
        if column == Column.SIZE:
            return formatting.size_text(row.size)
        if column == Column.PROGRESS:
            #: Percent done; %1 is the number. Write it as your language does (45 %).
            return self.tr("%1%").replace("%1", str(int(row.fraction * 100)))
        if column == Column.SPEED:
            sending = row.state is TransferState.UPLOADING and not self._signed_out
            return formatting.speed_text(row.speed) if sending else ""
        if self._signed_out and not row.state.finished:
            return messages.waiting_for_sign_in_text()
        if row.state is TransferState.UPLOADING and row.eta is not None:
            #: A row being sent: its state, then the time left (%1, e.g. "about 2 minutes").
            return self.tr("Sending, %1 left").replace("%1", formatting.duration_text(row.eta))
        if whole:
            return messages.state_text(row.state, row.detail)
        return messages.row_state_text(row.state, row.detail)

    def set_signed_out(self, signed_out: bool) -> None:
        """Mark unfinished rows as waiting for sign-in (or not any more)."""
        if signed_out == self._signed_out:
            return
        self._signed_out = signed_out
        if self._rows:
            last = self.index(len(self._rows) - 1, len(Column) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    # -- updates from the engine ----------------------------------------------------------

    def add_rows(self, rows: Iterable[TransferRow]) -> None:
        """Append new transfers (or refresh known ones) with one insert notification."""
        fresh: list[TransferRow] = []
        for row in rows:
            if row.transfer_id in self._index:
                self.update_row(row)
            else:
                fresh.append(row)
        if not fresh:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        for offset, row in enumerate(fresh):
            self._index[row.transfer_id] = first + offset
            self._rows.append(row)
            self._count(row, 1)
        self.endInsertRows()

    def update_row(self, row: TransferRow) -> None:
        """Replace a transfer's state (keeps the progress figures when the engine sends none)."""
        position = self._index.get(row.transfer_id)
        if position is None:
            self.add_rows([row])
            return
        old = self._rows[position]
        row.sent = max(row.sent, old.sent) if row.state is not TransferState.QUEUED else row.sent
        if row.state is TransferState.UPLOADING:
            row.speed, row.eta = old.speed, old.eta
        self._count(old, -1)
        self._rows[position] = row
        self._count(row, 1)
        self._mark(position)

    def set_progress(
        self, transfer_id: int, sent: int, total: int, speed: float, eta: float | None
    ) -> None:
        position = self._index.get(transfer_id)
        if position is None:
            return
        row = self._rows[position]
        self._count(row, -1)
        row.sent, row.speed, row.eta = sent, speed, eta
        if total > 0:
            row.total = total
        self._count(row, 1)
        self._mark(position)

    def _mark(self, position: int) -> None:
        if self._dirty_first is None or position < self._dirty_first:
            self._dirty_first = position
        self._dirty_last = max(self._dirty_last, position)

    def flush(self) -> None:
        """Tell the views about every row changed since the last flush, in one signal."""
        if self._dirty_first is None:
            return
        first, last = self._dirty_first, self._dirty_last
        self._dirty_first, self._dirty_last = None, -1
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(Column) - 1))

    # -- queries ----------------------------------------------------------------------------

    def row_at(self, position: int) -> TransferRow:
        return self._rows[position]

    def remove_rows(self, transfer_ids: Iterable[int]) -> None:
        """Drop rows (the engine forgot them): one at a time, or a reset for many."""
        positions = sorted(
            (p for i in set(transfer_ids) if (p := self._index.get(i)) is not None),
            reverse=True,
        )
        if len(positions) == 1:
            self.beginRemoveRows(QModelIndex(), positions[0], positions[0])
            self._forget(positions)
            self.endRemoveRows()
        elif positions:
            self.beginResetModel()
            self._forget(positions)
            self.endResetModel()

    def _forget(self, positions: list[int]) -> None:
        """Remove rows at ``positions`` (highest first) and renumber the index."""
        for position in positions:
            self._count(self._rows.pop(position), -1)
        self._index = {row.transfer_id: n for n, row in enumerate(self._rows)}
        self._dirty_first, self._dirty_last = None, -1

    def rows_of(self, batch: str, state: TransferState) -> list[TransferRow]:
        """The rows of one batch in one state (e.g. its failed files, to name them)."""
        return [row for row in self._rows if row.batch == batch and row.state is state]

    def ids_in(self, states: Iterable[TransferState]) -> list[int]:
        """The transfers in any of ``states`` (e.g. the finished ones, to clear them)."""
        wanted = set(states)
        return [row.transfer_id for row in self._rows if row.state in wanted]

    def first_sending(self) -> int | None:
        """The position of the first row being sent now, if any."""
        return next(
            (n for n, row in enumerate(self._rows) if row.state is TransferState.UPLOADING), None
        )

    def position_of(self, transfer_id: int) -> int | None:
        return self._index.get(transfer_id)

    def summary(self) -> QueueSummary:
        """Totals kept up to date on every change (O(1): called on every refresh)."""
        total, done, active, failed, paused, bytes_done, bytes_left, retrying = self._totals
        speed = max(0.0, self._speed) if active else 0.0
        current = [b for b in self._batches.values() if b[0] > 0]
        return QueueSummary(
            total,
            done,
            active,
            failed,
            paused,
            bytes_done,
            bytes_left,
            speed,
            batch_done=sum(b[1] for b in current),
            batch_total=sum(b[2] for b in current),
            retrying=retrying,
        )

    def _count(self, row: TransferRow, sign: int) -> None:
        """Add (``sign`` 1) or remove (-1) one row's share of the totals."""
        state = row.state
        if state is TransferState.CANCELLED:
            return
        # "Active" is what the engine still works on by itself (verifying included).
        active = state.pending
        share = (
            1,
            int(state is TransferState.DONE),
            int(active),
            int(state is TransferState.FAILED),
            int(state is TransferState.PAUSED),
            row.total if state is TransferState.DONE else min(row.sent, row.total),
            max(0, row.total - row.sent) if active else 0,
            int(state is TransferState.RETRYING),
        )
        self._totals = [a + sign * b for a, b in zip(self._totals, share, strict=True)]
        if active:
            self._speed += sign * row.speed
        if state is not TransferState.FAILED:
            self._count_batch(row, sign)

    def _count_batch(self, row: TransferRow, sign: int) -> None:
        """A row's share of its batch: unfinished (on its way or paused), done, counted bytes."""
        totals = self._batches.setdefault(row.batch, [0, 0, 0])
        unfinished = row.state.pending or row.state is TransferState.PAUSED
        done = row.total if row.state is TransferState.DONE else min(row.sent, row.total)
        totals[0] += sign * int(unfinished)
        totals[1] += sign * done
        totals[2] += sign * row.total
        if totals == [0, 0, 0]:
            del self._batches[row.batch]
