"""Run blocking calls (network, keyring) off the GUI thread and report back in it, typed.

The call must not hold a widget (e.g. a lambda using ``self`` of a dialog): the worker drops
its references last, and a widget whose last Python reference goes away on a worker thread
is destroyed there, which crashes Qt. Bind what the call needs to locals first.

How an outcome travels: the worker keeps it in a box of its own and emits only the task's
number, on one relay object that lives in the GUI thread as long as the app; there the relay
hands the typed outcome to the callbacks. No object is made per task that must be deleted:
a per-task signal object nobody deleted lived as long as the app, and deleting one right
after its queued emission (the worker may still be inside ``emit``) crashed PySide 6.12
(report-lost, offline).
"""

from __future__ import annotations

import contextlib
import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, QThreadPool, Signal

from noomus_desktop.core.errors import NoomusError
from noomus_desktop.core.unexpected import log_unexpected

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class _Succeeded(Generic[T]):
    value: T


#: What a call gave: its result, or the error to report (only ever a ``NoomusError``).
_Outcome = _Succeeded[T] | NoomusError


class _Relay(QObject):
    """Carries "task N ended" from the pool's threads to the GUI thread (one per app)."""

    _ended = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self._waiting: dict[int, Callable[[], None]] = {}
        self._numbers = itertools.count()
        self._ended.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def expect(self, deliver: Callable[[], None]) -> int:
        """GUI thread: remember what to run when the task numbered by the answer ends."""
        number = next(self._numbers)
        self._waiting[number] = deliver
        return number

    def ended(self, number: int) -> None:
        """Any thread: task ``number`` has its outcome."""
        # At exit the relay may be gone already: then nobody is left to tell.
        with contextlib.suppress(RuntimeError):
            self._ended.emit(number)

    def pending(self) -> int:
        """Tasks started and not yet delivered (tests check that none are forgotten)."""
        return len(self._waiting)

    def _deliver(self, number: int) -> None:
        self._waiting.pop(number)()


_relay: _Relay | None = None


def relay() -> _Relay:
    """The relay, made on first use by the GUI thread (the thread callbacks run in)."""
    global _relay
    if _relay is None:
        _relay = _Relay()
    return _relay


def _outcome(call: Callable[[], T]) -> _Outcome[T]:
    try:
        return _Succeeded(call())
    except NoomusError as error:
        # The UI needs the code and the message, not the worker's frames.
        return error.with_traceback(None)
    except Exception as error:
        # A bug, not a condition: log it (without file names), and never leave the window
        # waiting forever.
        log_unexpected(log, "a background task", error)
        return NoomusError("Unexpected problem.", code="internal_error")


def run_in_background(
    call: Callable[[], T],
    on_success: Callable[[T], None],
    on_failure: Callable[[NoomusError], None],
    parent: QObject,
) -> None:
    """Start ``call`` on the global pool; one callback runs later in the GUI thread.

    Typed errors are reported as they are; anything else is a bug: logged with its traceback
    and reported as ``internal_error`` so the window does not wait forever. When ``parent``
    is deleted before the call ends (a closed dialog), nobody is told.
    """
    box: list[_Outcome[T]] = []

    def deliver() -> None:
        if not shiboken6.isValid(parent):
            return
        outcome = box[0]
        if isinstance(outcome, NoomusError):
            on_failure(outcome)
        else:
            on_success(outcome.value)

    the_relay = relay()
    number = the_relay.expect(deliver)

    def work() -> None:
        box.append(_outcome(call))
        the_relay.ended(number)

    QThreadPool.globalInstance().start(work)
