"""The one sentence at the top of the window: what is happening now, and what (if anything)
the customer must do. Chosen by priority, as ``DESIGN.md`` orders it: an account problem, files
needing the customer, the connection, sending (with time left), paused, delivered, nothing.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from noomus_desktop.ui import formatting, messages
from noomus_desktop.ui.look import Tone
from noomus_desktop.ui.transfer_model import QueueSummary

translate = QCoreApplication.translate

# Attention codes that are about the account itself; they lead until the account changes.
ACCOUNT_PROBLEMS = frozenset({"account_locked", "account_disabled"})


class HeadlineAction(enum.Enum):
    """The one button that fits the sentence."""

    SIGN_IN = "sign_in"
    PAUSE_ALL = "pause_all"
    RESUME_ALL = "resume_all"


@dataclass(frozen=True)
class Headline:
    text: str
    tone: Tone
    action: HeadlineAction | None = None


def headline(summary: QueueSummary, *, signed_in: bool, attention: str | None = None) -> Headline:
    """The sentence for this moment (``attention``: the code that stopped all sending)."""
    if attention == "account_locked":
        return Headline(translate("Headline", "Account locked — contact Noomus"), Tone.PROBLEM)
    if attention == "account_disabled":
        return Headline(translate("Headline", "Account disabled — contact Noomus"), Tone.PROBLEM)
    if not signed_in:
        waiting = summary.unfinished
        if waiting:
            text = translate(
                "Headline", "Not signed in — %n file(s) waiting to be sent", "", waiting
            )
        else:
            text = translate("Headline", "Not signed in")
        return Headline(text, Tone.SIGNED_OUT, HeadlineAction.SIGN_IN)
    if attention is not None:
        return Headline(messages.error_text(attention), Tone.PROBLEM, HeadlineAction.RESUME_ALL)
    if summary.failed:
        text = translate("Headline", "%n file(s) could not be sent", "", summary.failed)
        return Headline(text, Tone.PROBLEM)
    if summary.retrying and summary.speed <= 0:
        return Headline(
            translate("Headline", "Waiting for the connection — files go out when it is back"),
            Tone.RETRYING,
            HeadlineAction.PAUSE_ALL,
        )
    if summary.active:
        if summary.speed > 0:
            left = formatting.duration_text(summary.bytes_left / summary.speed)
            #: %n files are being sent; %1 is the time left, e.g. "about 2 minutes".
            text = translate("Headline", "Sending %n file(s) — %1 left", "", summary.active)
            text = text.replace("%1", left)
        else:
            text = translate("Headline", "Sending %n file(s)", "", summary.active)
        return Headline(text, Tone.SENDING, HeadlineAction.PAUSE_ALL)
    if summary.paused:
        return Headline(translate("Headline", "Paused"), Tone.PAUSED, HeadlineAction.RESUME_ALL)
    if summary.done:
        return Headline(translate("Headline", "All delivered ✓"), Tone.DELIVERED)
    return Headline(translate("Headline", "Nothing to send yet"), Tone.IDLE)
