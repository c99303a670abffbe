"""Where the app may connect and how: the one connection policy for the API and the uploader.

- TLS is always verified, against the operating system's trust store (``truststore``), so
  corporate CAs that IT installed on the machine just work; an extra CA file can be added
  (``NOOMUS_CA_BUNDLE`` or the ``ca_bundle`` setting) for tests and unusual setups.
- Plain ``http://`` is allowed only to this machine (loopback), never across a network.
- Environment proxies (``HTTPS_PROXY``, ``NO_PROXY``...) are honoured, except for this
  machine (``localhost``, ``127.0.0.1``, ``[::1]``): plain ``http://`` there must never be
  read by a proxy (it would see the password).
- Redirects are never followed: a bearer token must not travel to a host we did not choose.
- Transport failures become typed errors with plain messages; the raw TLS text is kept in
  ``detail`` for logs only.
"""

from __future__ import annotations

import ipaddress
import os
import ssl
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import httpx
import truststore

from noomus_desktop.core.errors import (
    InsecureUrlError,
    InvalidUrlError,
    NetworkError,
    OfflineError,
    TlsError,
)

__all__ = [
    "CA_BUNDLE_ENV",
    "DEFAULT_TIMEOUT",
    "InsecureUrlError",
    "InvalidUrlError",
    "NetworkError",
    "OfflineError",
    "TlsError",
    "check_url",
    "http_client",
    "is_loopback_host",
    "ssl_context",
    "translate_transport_errors",
    "transport_error",
]

CA_BUNDLE_ENV = "NOOMUS_CA_BUNDLE"
#: Connecting may take 10 s (slow VPNs); an answer may take a minute (large PATCH bodies).
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)


#: This machine's names as URL hosts, for the proxy exception.
_LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")


def is_loopback_host(host: str) -> bool:
    """True for ``localhost``, 127.0.0.0/8 and ``::1``: traffic that never leaves this machine."""
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> str:
    """Validate ``url`` against the policy and return it normalised (lower-case host, no
    trailing slash, no query or fragment).

    Raises :class:`InvalidUrlError` or :class:`InsecureUrlError`.
    """
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError) as exc:
        raise InvalidUrlError(url) from exc
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise InvalidUrlError(url)
    if parsed.scheme == "http" and not is_loopback_host(parsed.host):
        raise InsecureUrlError(url)
    return str(parsed.copy_with(query=None, fragment=None)).rstrip("/")


def ssl_context(extra_ca: str | Path | None = None) -> ssl.SSLContext:
    """A verifying TLS context: the OS trust store plus ``extra_ca`` or ``$NOOMUS_CA_BUNDLE``."""
    context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    extra = extra_ca or os.environ.get(CA_BUNDLE_ENV)
    if extra:
        context.load_verify_locations(cafile=str(extra))
    return context


def http_client(
    base_url: str = "",
    *,
    extra_ca: str | Path | None = None,
    timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    headers: Mapping[str, str] | None = None,
) -> httpx.Client:
    """An httpx client under the policy: verified TLS, env proxies, no redirects.

    ``base_url`` (if given) must pass :func:`check_url`.
    """
    if base_url:
        base_url = check_url(base_url)
    verify = ssl_context(extra_ca)
    # Mounts outrank the proxies trust_env adds: loopback always goes direct.
    direct = httpx.HTTPTransport(verify=verify)
    return httpx.Client(
        base_url=base_url,
        verify=verify,
        mounts={f"all://{host}": direct for host in _LOOPBACK_NAMES},
        timeout=timeout,
        follow_redirects=False,
        trust_env=True,
        headers=dict(headers or {}),
    )


def _tls_cause(exc: BaseException) -> ssl.SSLError | None:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, ssl.SSLError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def transport_error(exc: httpx.TransportError) -> NetworkError:
    """The typed error for an httpx transport failure."""
    tls = _tls_cause(exc)
    if tls is not None or "CERTIFICATE_VERIFY_FAILED" in str(exc):
        return TlsError(str(tls or exc))
    if isinstance(exc, httpx.TimeoutException):
        return OfflineError(
            "The Noomus server did not answer in time. Check your internet connection and "
            "try again; files waiting to be sent go out when the connection is back."
        )
    return OfflineError()


@contextmanager
def translate_transport_errors() -> Iterator[None]:
    """Turn httpx transport failures raised inside the block into :class:`NetworkError`."""
    try:
        yield
    except httpx.TransportError as exc:
        raise transport_error(exc) from exc
