"""Who the client is, and which host it asked for: trusted only as far as the deployment says.

uvicorn trusts ``X-Forwarded-For`` from any loopback peer by default: rotating it bypassed the
per-IP limits and forged the IP in the session list and the access log (which the policy
makes an obligation). So uvicorn's proxy support is off (``server.py``), and this middleware
honours ``X-Forwarded-For`` and ``X-Forwarded-Proto`` only from the ``--trusted-proxy``
addresses: the client is the rightmost address of the chain that is not itself a trusted
proxy. A trusted proxy that does not say who the client is gets ``400``: otherwise every
client would share the proxy's address, and the per-IP limits would become global.

The ``Host`` header is checked too, so it can never be reflected into ``uploads_url`` or a
``Location``: with ``--public-url`` it must name that URL's host (and port), without it (only
allowed on loopback) a loopback name. Anything else is ``421 misdirected_request``; this also
stops DNS rebinding against a server on loopback.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from noomus_extranet.limits import error_answer, send_error

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
_DEFAULT_PORTS = {"http": 80, "https": 443}


def parse_networks(addresses: Sequence[str]) -> tuple[Network, ...]:
    """``--trusted-proxy`` values: addresses or networks (``10.0.0.5``, ``10.0.0.0/24``)."""
    return tuple(ipaddress.ip_network(a.strip(), strict=False) for a in addresses)


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def _split_host(host: str, scheme: str) -> tuple[str, int | None]:
    parsed = urlsplit(f"//{host}")
    try:
        port = parsed.port
    except ValueError:
        return "", None
    return (parsed.hostname or "").lower(), port or _DEFAULT_PORTS.get(scheme)


def is_loopback_name(name: str) -> bool:
    if name == "localhost":
        return True
    address = _ip(name)
    return address is not None and address.is_loopback


class ProxyMiddleware:
    """Rewrites ``scope["client"]`` and ``scope["scheme"]`` for trusted proxies; checks Host."""

    def __init__(self, app: ASGIApp, trusted: tuple[Network, ...], public_url: str | None) -> None:
        self.app = app
        self.trusted = trusted
        self.public = urlsplit(public_url) if public_url else None

    def _is_trusted(self, text: str) -> bool:
        address = _ip(text)
        return address is not None and any(address in network for network in self.trusted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers: dict[bytes, list[str]] = {}
        for name, value in scope["headers"]:
            headers.setdefault(name, []).append(value.decode("latin-1"))
        client = scope.get("client")
        if client and self._is_trusted(client[0]):
            chain = [h for value in headers.get(b"x-forwarded-for", []) for h in value.split(",")]
            real = next((h.strip() for h in reversed(chain) if not self._is_trusted(h)), None)
            if real is None or _ip(real) is None:
                await send_error(
                    send,
                    error_answer(
                        400, "invalid_request", "The proxy did not say who the client is."
                    ),
                )
                return
            scope["client"] = (str(_ip(real)), 0)
            proto = headers.get(b"x-forwarded-proto", [""])[-1].strip().lower()
            if proto in _DEFAULT_PORTS:
                scope["scheme"] = proto
        hosts = headers.get(b"host", [""])
        # Exactly one Host: with two, this check and the framework (which builds URLs from the
        # first) could read different ones, and the unchecked one would be reflected.
        if len(hosts) != 1 or not self._host_allowed(hosts[0], scope["scheme"]):
            await send_error(
                send,
                error_answer(
                    421, "misdirected_request", "This server does not serve that host name."
                ),
            )
            return
        await self.app(scope, receive, send)

    def _host_allowed(self, host: str, scheme: str) -> bool:
        if self.public is None:
            name, _port = _split_host(host, scheme)
            return is_loopback_name(name)
        name, port = _split_host(host, self.public.scheme)
        public_port = self.public.port or _DEFAULT_PORTS.get(self.public.scheme)
        return name == (self.public.hostname or "").lower() and port == public_port
