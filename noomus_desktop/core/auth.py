"""The authentication seam between whoever knows the account and whoever sends bytes.

The tus uploader knows nothing about Noomus accounts: it asks an :class:`AuthProvider` for
headers, and after a 401 asks it to refresh. Two providers exist:

- the Noomus account (``core.account.Account``), which hands each call to its current
  ``core.api.Session`` (where the single-flight token refresh lives), so a new sign-in
  takes effect for uploads already running;
- :class:`StaticHeaders`, for plain tus servers reached with ``noomus-upload --header``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol


class AuthProvider(Protocol):
    """Headers to authenticate a request, and a way to renew them after a 401."""

    def headers(self) -> dict[str, str]:
        """The headers to send now (a fresh copy the caller may keep and compare later)."""
        ...

    def refresh(self, failed: dict[str, str]) -> bool:
        """Renew the credentials after ``failed`` (the headers that got a 401) were refused.

        Single-flight: when several threads call this for the same ``failed`` headers, one
        renews and the others reuse its result. ``True``: call :meth:`headers` and retry.
        ``False``: the session is over, give up (the provider knows why). May raise a
        transient :class:`~noomus_desktop.core.errors.NoomusError` (offline, server error):
        retry later with the same headers.
        """
        ...


class StaticHeaders:
    """Fixed headers (e.g. ``--header 'Authorization: Bearer ...'``) that cannot be renewed."""

    def __init__(self, headers: Mapping[str, str] | None = None) -> None:
        self._headers = dict(headers or {})

    def headers(self) -> dict[str, str]:
        return dict(self._headers)

    def refresh(self, failed: dict[str, str]) -> bool:
        """Fixed headers cannot be renewed: a 401 is final."""
        return False
