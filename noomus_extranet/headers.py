"""Headers every answer carries: no caching of tokens, no MIME sniffing, HSTS over TLS.

- ``Cache-Control: no-store`` on every API answer that does not set its own: token answers
  (sign-in, refresh) above all, and account data, must not stay in a proxy or disk cache;
- ``X-Content-Type-Options: nosniff`` everywhere;
- ``Strict-Transport-Security`` when the request came over TLS (directly, or as a trusted
  proxy says: ``proxies.py`` has set the scheme by then).

``Retry-After`` on 503 and 507 is set where those errors are made (``errors.py``,
``reserve.py``, ``quota.py``, ``connections.py``).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HSTS = b"max-age=31536000"


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                extra = [(b"x-content-type-options", b"nosniff")]
                if b"cache-control" not in names:
                    extra.append((b"cache-control", b"no-store"))
                if scope.get("scheme") == "https":
                    extra.append((b"strict-transport-security", HSTS))
                message = {**message, "headers": headers + extra}
            await send(message)

        await self.app(scope, receive, send_with_headers)
