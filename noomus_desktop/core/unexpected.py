"""How an unexpected failure (a bug, not a condition the vocabulary names) is logged.

A bug needs its traceback to be fixed, but the log must not hold customer data: an
``OSError``'s or a ``UnicodeError``'s text names a file or quotes its bytes (``[Errno 2] No
such file or directory: '/home/…/Layoffs 2027.xlsx'``), and such an error can hide anywhere in
a chain (``raise Bug from oserror``, or a bug raised while handling one). So every exception of
the chain is written with its type and frames; the text only of those that cannot carry a
name, and an ``OSError`` by its errno name instead.
"""

from __future__ import annotations

import errno
import logging
import traceback

#: Exceptions whose text quotes file names or file contents.
_NAMING = (OSError, UnicodeError)


def describe(error: BaseException) -> str:
    """The traceback of ``error`` and of the exceptions it was raised from or during, with
    the text of none that may name a file (see the module docstring)."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = "".join(traceback.format_tb(current.__traceback__))
        parts.append(f"{frames}{_headline(current)}")
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return "\n-- raised from or while handling --\n".join(reversed(parts))


def log_unexpected(logger: logging.Logger, what: str, error: BaseException) -> None:
    """Log ``what`` failed unexpectedly, with :func:`describe`'s safe traceback."""
    logger.error("%s failed unexpectedly: %s\n%s", what, _headline(error), describe(error))


def _headline(error: BaseException) -> str:
    kind = type(error).__name__
    if isinstance(error, OSError):
        return f"{kind} ({errno.errorcode.get(error.errno or 0, 'no errno')})"
    if isinstance(error, _NAMING):
        return kind
    return f"{kind}: {error}" if str(error) else kind
