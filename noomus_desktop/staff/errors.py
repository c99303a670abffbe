"""The one error type of the staff tool: its message is a sentence for the staff member."""

from __future__ import annotations


class StaffError(Exception):
    """Something the staff member must know: what happened and what to do, in one message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
