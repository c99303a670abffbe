"""The window's sentences for error codes and transfer states, in the application's language.

The sentences live in :mod:`noomus_desktop.messages` (shared with the CLI, which runs without
Qt); here they are spoken through ``QCoreApplication.translate``, so they follow the
translators the app installed.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from noomus_desktop import messages as shared
from noomus_desktop.core.queue import TransferState

SAME_AS = shared.SAME_AS
GOES_ON_BY_ITSELF = shared.GOES_ON_BY_ITSELF
translate = QCoreApplication.translate


def error_text(code: str) -> str:
    """A plain sentence for an error code: what happened and what to do about it."""
    return shared.error_text(code, translate)


def short_reason(code: str | None) -> str:
    """A few words for a row ("no connection"): the whole sentence is in its tooltip."""
    return shared.short_reason(code, translate)


def row_state_text(state: TransferState, detail: str | None = None) -> str:
    """A transfer's state in its row: a word or two, so it fits ("Failed: file changed")."""
    return shared.row_state_text(state, detail, translate)


def state_text(state: TransferState, detail: str | None = None) -> str:
    """The customer's name for a transfer state (``detail``: the error code behind a retry/fail)."""
    return shared.state_text(state, detail, translate)


def account_text(name: str | None, company: str = "") -> str:
    """Who is signed in: "Signed in as Alice (Example Oy)", or "Not signed in"."""
    return shared.account_text(name, company, translate)


def waiting_for_sign_in_text() -> str:
    """The state of an unfinished transfer while nobody is signed in."""
    return shared.waiting_for_sign_in_text(translate)
