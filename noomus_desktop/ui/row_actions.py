"""What the user can do to one transfer in the queue, and in which states each makes sense.

The window offers these (toolbar, menu, context menu, shortcuts) and emits the chosen one;
the controller maps each to the engine's call. One enum, so a misspelt action is a type error
rather than a silent no-op.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from noomus_desktop.core.queue import TransferState


class RowAction(enum.Enum):
    PAUSE = "pause"
    RESUME = "resume"
    CANCEL = "cancel"
    RETRY = "retry"
    REMOVE = "remove"

    def offered_in(self, state: TransferState) -> bool:
        """Whether this action makes sense for a transfer in ``state``."""
        return state in _OFFERED[self]


_SENDING = frozenset(
    {
        TransferState.QUEUED,
        TransferState.PREPARING,
        TransferState.UPLOADING,
        TransferState.RETRYING,
    }
)

_OFFERED: Mapping[RowAction, frozenset[TransferState]] = {
    RowAction.PAUSE: _SENDING,
    RowAction.RESUME: frozenset({TransferState.PAUSED}),
    # Not on failed rows: the engine has already given them up, so Retry is the way on.
    RowAction.CANCEL: _SENDING | {TransferState.PAUSED},
    # A cancelled file can be sent after all: it starts afresh (its old upload was deleted).
    RowAction.RETRY: frozenset({TransferState.FAILED, TransferState.CANCELLED}),
    # Only what nothing more happens to leaves the list.
    RowAction.REMOVE: frozenset(
        {TransferState.DONE, TransferState.FAILED, TransferState.CANCELLED}
    ),
}
