"""The one error vocabulary of the core: every error class the API client, the uploader and
the engine share, the codes that stop every transfer, and the ``Retry-After`` parser.

Every error the core raises on purpose carries a stable ``code`` (what the UI and the CLI map
to a translated sentence), a plain-language ``message`` in English (used by logs and as the
fallback text), whether waiting can help (``transient``) and how long the server asked us to
wait (``retry_after``). Messages never contain secrets, tokens or file contents.

The families, so that one ``except`` means one thing whoever raised it:

- :class:`NetworkError`: the connection failed (both the API client and the uploader raise
  its subclasses, each with its own user-visible code);
- :class:`ApiError`: the Noomus server answered with an error (:class:`ServerError` and
  :class:`SessionEndedError` come from the API and from the uploads endpoint alike).
"""

from __future__ import annotations

import math
import time
from email.utils import parsedate_to_datetime
from typing import Any, Protocol

#: Server codes that no retry fixes: the account or the service is refused.
BLOCKING_CODES = frozenset({"account_locked", "account_disabled", "service_suspended"})
#: Codes meaning this device must sign in again.
SIGN_IN_CODES = frozenset({"session_ended", "refresh_invalid", "token_invalid", "not_signed_in"})
#: Codes that stop every transfer until the user acts (sign in, contact Noomus).
ATTENTION_CODES = BLOCKING_CODES | SIGN_IN_CODES | {"tls_error"}
#: The longest wait a server's ``Retry-After`` can impose (seconds), whatever it says: a
#: broken or hostile server must not park a transfer for years (or overflow a timer).
MAX_RETRY_AFTER = 3600.0


class NoomusError(Exception):
    """Base of every error the core raises on purpose."""

    code = "error"
    #: Whether retrying later (without the user doing anything) can help.
    transient = False

    def __init__(
        self, message: str, *, code: str | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        #: Seconds the server asked us to wait (``Retry-After``), if it said.
        self.retry_after = retry_after

    def __str__(self) -> str:
        return self.message


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (RFC 9110, section 10.2.3).

    Both forms are accepted: delta-seconds (``"120"``) and an HTTP-date (a date already
    past means 0). Anything else (negative, fractional, garbage, absent) is None: the
    caller's own backoff applies. A longer wait than :data:`MAX_RETRY_AFTER` is cut to it.
    """
    if value is None:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; "-0000" parses as naive
        return None
    seconds = when.timestamp() - (time.time() if now is None else now)
    return min(max(0.0, seconds), MAX_RETRY_AFTER) if math.isfinite(seconds) else None


class AbortedError(NoomusError):
    """Work abandoned on purpose (pause, cancel, shutdown): a request, or a pass over a file
    that checks its abort flag (see ``check_abort``)."""

    code = "aborted"

    def __init__(self, message: str = "The transfer was stopped.") -> None:
        super().__init__(message)


class AbortFlag(Protocol):
    """What long work polls to know it must stop (a ``threading.Event`` is one)."""

    def is_set(self) -> bool: ...


def check_abort(abort: AbortFlag | None) -> None:
    """Raise :class:`AbortedError` if ``abort`` is set: long work calls this often."""
    if abort is not None and abort.is_set():
        raise AbortedError()


# -- the connection failed ----------------------------------------------------------------


class NetworkError(NoomusError):
    """The request could not be made or completed at the connection level."""

    code = "network_error"


class OfflineError(NetworkError):
    """No connection (DNS, refused, reset, timed out): try again later."""

    code = "offline"
    transient = True

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message
            or "Cannot reach the Noomus server. Check your internet connection and try "
            "again; files waiting to be sent go out when the connection is back."
        )


class StalledError(OfflineError):
    """No byte moved for the stall timeout: the request was abandoned."""

    code = "stalled"


class TlsError(NetworkError):
    """The server's certificate was not trusted; ``detail`` keeps the technical reason for logs."""

    code = "tls_error"

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "The server's security certificate could not be verified, so the connection was "
            "stopped and nothing was sent. If your company checks internet traffic, ask your IT "
            "support to install its certificate on this computer; otherwise contact Noomus."
        )
        self.detail = detail


class InsecureUrlError(NetworkError):
    """``http://`` to another machine: refused before any byte is sent."""

    code = "insecure_url"

    def __init__(self, url: str) -> None:
        super().__init__(
            f"The server address {url} is not secure: it must start with https://. "
            "Check the server address in the settings."
        )
        self.url = url


class InvalidUrlError(NetworkError):
    """Not a web address we can use (no host, or a scheme other than http/https)."""

    code = "invalid_url"

    def __init__(self, url: str) -> None:
        super().__init__(
            f"{url!r} is not a valid server address. It should look like https://extranet.noomus.fi"
        )
        self.url = url


# -- the server answered with an error -----------------------------------------------------


class ApiError(NoomusError):
    """The Noomus server answered with an error; ``code`` is the API's stable code."""

    code = "api_error"
    default_message = "The Noomus server refused the request. Try again, or contact Noomus."

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        status: int = 0,
        server_message: str = "",
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message or self.default_message, code=code, retry_after=retry_after)
        self.status = status
        #: The server's own wording (English, for logs and the CLI's details).
        self.server_message = server_message


class ServerError(ApiError):
    """The server failed, is busy or gave up waiting (5xx; for uploads also 408, 423, 429):
    try again later."""

    code = "server_error"
    transient = True
    default_message = (
        "The Noomus server had a temporary problem. Please try again in a few minutes; files "
        "waiting to be sent are retried automatically."
    )


class SessionEndedError(ApiError):
    """The server ended this device's session (signed out elsewhere, lost-password report,
    expired or reused refresh token, or credentials the uploads endpoint refused and that
    could not be renewed). ``reason`` is the API code behind it."""

    code = "session_ended"
    default_message = "You were signed out by the server. Please sign in again."

    def __init__(
        self, message: str | None = None, *, reason: str = "token_invalid", **kwargs: Any
    ) -> None:
        super().__init__(message, **kwargs)
        self.reason = reason
