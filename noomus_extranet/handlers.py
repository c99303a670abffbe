"""Turn every failure into ``{"error": {"code", "message"}}``.

Our :class:`ApiError`, framework errors (unknown route, bad method, request validation) and
anything unexpected all get that one shape, so a client never parses another kind of error
body and a fuzzer never sees a bare 500 page.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from noomus_extranet.db import DatabaseError, DatabaseUnavailable, Throttle, one_line
from noomus_extranet.errors import TUS_VERSION, ApiError, database_unavailable, invalid_request
from noomus_extranet.reserve import is_disk_full, storage_full

log = logging.getLogger(__name__)


def error_response(error: ApiError, request: Request | None = None) -> JSONResponse:
    headers = dict(error.headers)
    if request is not None and request.url.path.startswith("/api/v1/uploads"):
        headers.setdefault("Tus-Resumable", TUS_VERSION)
    if error.status == 401:
        headers.setdefault("WWW-Authenticate", 'Bearer realm="noomus"')
    return JSONResponse(
        {"error": {"code": error.code, "message": error.message}},
        status_code=error.status,
        headers=headers,
    )


_HTTP_CODES = {
    404: ("not_found", "No such resource."),
    405: ("method_not_allowed", "This method is not allowed here."),
    413: ("upload_too_large", "The request is too large."),
}


class OutageLog:
    """Says that the database cannot be used (unreachable, or taking no writes) once, not once
    per request: at most one line every ``interval`` seconds, counting the requests answered
    ``503`` since the last one."""

    def __init__(self, interval: float = 60.0) -> None:
        self._throttle = Throttle(interval)

    def report(self, database: object, exc: DatabaseUnavailable) -> None:
        since = self._throttle.due()
        if since is None:
            return
        more = f"; {since} more requests answered 503 since the last line" if since else ""
        # The message is redacted already (noomus_extranet/postgres.py); str(database) too.
        log.error(
            "the database %s cannot be used (%s): requests that need it answer"
            " 503 database_unavailable, said at most once every %d s%s",
            database,
            one_line(exc),
            self._throttle.interval,
            more,
        )


def install_handlers(app: FastAPI) -> None:
    """Route every failure through :func:`error_response`."""
    outage = OutageLog()

    async def on_api_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ApiError)
        return error_response(exc, request)

    async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        code, message = _HTTP_CODES.get(exc.status_code, ("invalid_request", "Bad request."))
        status = exc.status_code if exc.status_code in _HTTP_CODES else 400
        headers = dict(exc.headers or {})
        return error_response(ApiError(status, code, message, headers), request)

    async def on_validation_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        fields = sorted({".".join(str(p) for p in e.get("loc", ())[1:]) for e in exc.errors()})
        detail = ", ".join(f for f in fields if f) or "body"
        return error_response(invalid_request(f"Malformed request: check {detail}."), request)

    async def on_storage_error(request: Request, exc: Exception) -> JSONResponse:
        # Handled here, not as "unexpected": that path re-raises and the connection dies.
        if is_disk_full(exc):
            return error_response(storage_full(), request)
        if isinstance(exc, DatabaseUnavailable):
            outage.report(request.app.state.services.db.target, exc)
            return error_response(database_unavailable(), request)
        raise exc

    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(
            ApiError(500, "internal_error", "Something went wrong on the server."), request
        )

    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(DatabaseError, on_storage_error)
    app.add_exception_handler(OSError, on_storage_error)
    app.add_exception_handler(Exception, on_unexpected)
