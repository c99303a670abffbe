"""Every sentence the window shows for a transfer state is true for that state.

A table: state -> what the engine does next in it -> what the sentence may say. A transfer
the engine sends on by itself (retrying, waiting for a suspension to end) must not ask the
customer to retry or sign in; one that waits for the customer (failed) must not promise that
sending goes on by itself ("files are sent when the connection is back" on a failed row was
the lie this test was written for). Every code the app can meet is tried in every state that
carries one (``tests/gui/error_codes.py``).
"""

from __future__ import annotations

import re
from enum import Enum

import pytest

from noomus_desktop.core.engine import scheduler
from noomus_desktop.core.errors import ATTENTION_CODES
from noomus_desktop.core.queue import TransferState
from noomus_desktop.ui import messages
from tests.gui.error_codes import CODES


class Next(Enum):
    """What happens to a transfer in a state without the customer doing anything."""

    GOES_ON = "the engine sends it on by itself"
    WAITS = "nothing, until the customer retries or drops it again"
    NOTHING = "nothing more: it is settled"


#: The engine's behaviour per state (``core/engine/scheduler.py``): retrying transfers have a
#: due time and are claimed again; failed ones are queued again only by ``retry`` or a new
#: drop (``_requeue``, ``_rebatch``).
BEHAVIOUR = {
    TransferState.QUEUED: Next.GOES_ON,
    TransferState.PREPARING: Next.GOES_ON,
    TransferState.UPLOADING: Next.GOES_ON,
    TransferState.VERIFYING: Next.GOES_ON,
    TransferState.RETRYING: Next.GOES_ON,
    TransferState.PAUSED: Next.WAITS,
    TransferState.FAILED: Next.WAITS,
    TransferState.DONE: Next.NOTHING,
    TransferState.CANCELLED: Next.NOTHING,
}
#: Words that promise sending goes on by itself.
PROMISES = (
    "are sent when",
    "is sent again",
    "is tried again",
    "goes on from",
    "resumes later",
    "nothing is needed from you",
)
#: Words that ask the customer to act before anything more is sent.
DEMANDS = ("retry", "try again", "sign in again", "resume")


def _says(text: str, phrases: tuple[str, ...]) -> list[str]:
    """The phrases ``text`` holds as whole words ("retry" is not in "Retrying")."""
    return [p for p in phrases if re.search(rf"\b{re.escape(p)}\b", text, re.IGNORECASE)]


def _problems(text: str, behaviour: Next) -> list[str]:
    if behaviour is Next.GOES_ON:
        return [f"asks to act ({word!r})" for word in _says(text, DEMANDS)]
    return [f"promises it goes on ({word!r})" for word in _says(text, PROMISES)]


@pytest.mark.parametrize("state", list(TransferState), ids=lambda s: s.value)
def test_every_sentence_of_a_state_is_true_for_it(state: TransferState) -> None:
    behaviour = BEHAVIOUR[state]
    problems = []
    for code in [None, *CODES]:
        text = messages.state_text(state, code)
        problems += [f"{code}: {text!r} {p}" for p in _problems(text, behaviour)]
    assert not problems, f"{state.value} ({behaviour.value}):\n" + "\n".join(problems)


def test_the_stop_banner_is_true_for_what_the_engine_does_after_it() -> None:
    """The sentence shown when every transfer stops: a stop the engine waits out by itself
    (a suspension) may say files are sent when it ends; any other waits for the customer."""
    problems = []
    for code in sorted(ATTENTION_CODES):
        behaviour = Next.GOES_ON if code in scheduler._ENDS_BY_ITSELF else Next.WAITS
        text = messages.error_text(code)
        problems += [f"{code}: {text!r} {p}" for p in _problems(text, behaviour)]
    assert not problems, "\n".join(problems)
    assert "service_suspended" in scheduler._ENDS_BY_ITSELF  # so one row checks the promise
