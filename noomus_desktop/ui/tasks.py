"""Run blocking calls (network, keyring) off the GUI thread and report back by signal."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance

from noomus_desktop.core.errors import NoomusError

log = logging.getLogger(__name__)


class TaskSignals(QObject):
    """``succeeded(result)`` or ``failed(error)``; delivered queued in the receiver's thread."""

    succeeded = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, call: Callable[[], object], signals: TaskSignals) -> None:
        super().__init__()
        self._call = call
        self.signals = signals

    def run(self) -> None:
        try:
            result = self._call()
        except NoomusError as error:
            self._report(self.signals.failed, error)
        except Exception:
            # A bug, not a condition: log it whole, and never leave the window waiting forever.
            log.exception("Background task failed unexpectedly")
            self._report(
                self.signals.failed, NoomusError("Unexpected problem.", code="internal_error")
            )
        else:
            self._report(self.signals.succeeded, result)

    @staticmethod
    def _report(signal: SignalInstance, value: object) -> None:
        # The window that asked may have closed meanwhile: then nobody is left to tell.
        with contextlib.suppress(RuntimeError):
            signal.emit(value)


def run_in_background(
    call: Callable[[], object],
    on_success: Callable[[object], None],
    on_failure: Callable[[NoomusError], None],
    parent: QObject,
) -> TaskSignals:
    """Start ``call`` on the global pool; the callbacks run in ``parent``'s (GUI) thread.

    Only typed errors are reported as failures: anything else is a bug and propagates.
    """
    signals = TaskSignals(parent)
    signals.succeeded.connect(on_success)
    signals.failed.connect(on_failure)
    signals.succeeded.connect(signals.deleteLater)
    signals.failed.connect(signals.deleteLater)
    QThreadPool.globalInstance().start(_Task(call, signals))
    return signals
