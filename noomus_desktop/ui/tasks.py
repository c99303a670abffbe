"""Run blocking calls (network, keyring) off the GUI thread and report back by signal.

The call must not hold a widget (e.g. a lambda using ``self`` of a dialog): the worker drops
its references last, and a widget whose last Python reference goes away on a worker thread
is destroyed there, which crashes Qt. Bind what the call needs to locals first.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QThreadPool, Signal, SignalInstance

from noomus_desktop.core.errors import NoomusError

log = logging.getLogger(__name__)


class TaskSignals(QObject):
    """``succeeded(result)`` or ``failed(error)``; delivered queued in the receiver's thread."""

    succeeded = Signal(object)
    failed = Signal(object)


def _report(signal: SignalInstance, value: object) -> None:
    # The window that asked may have closed meanwhile: then nobody is left to tell.
    with contextlib.suppress(RuntimeError):
        signal.emit(value)


def _run(call: Callable[[], object], holder: list[TaskSignals]) -> None:
    # Take the only reference the worker has, so none is left here once this returns.
    signals = holder.pop()
    try:
        result = call()
    except NoomusError as error:
        # The UI needs the code and the message, not the worker's frames.
        _report(signals.failed, error.with_traceback(None))
    except Exception:
        # A bug, not a condition: log it whole, and never leave the window waiting forever.
        log.exception("Background task failed unexpectedly")
        _report(signals.failed, NoomusError("Unexpected problem.", code="internal_error"))
    else:
        _report(signals.succeeded, result)


def run_in_background(
    call: Callable[[], object],
    on_success: Callable[[object], None],
    on_failure: Callable[[NoomusError], None],
    parent: QObject,
) -> TaskSignals:
    """Start ``call`` on the global pool; the callbacks run in ``parent``'s (GUI) thread.

    Typed errors are reported as they are; anything else is a bug: logged with its traceback
    and reported as ``internal_error`` so the window does not wait forever.
    """
    signals = TaskSignals(parent)
    signals.succeeded.connect(on_success)
    signals.failed.connect(on_failure)
    # No deleteLater here: deleting the signals object right after its queued emission crashed
    # PySide 6.12 (report-lost, offline). It is a child of ``parent`` and goes with it.
    holder = [signals]
    QThreadPool.globalInstance().start(lambda: _run(call, holder))
    return signals
