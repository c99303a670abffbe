"""Errors the service answers with, as ``{"error": {"code", "message"}}`` (see docs/api.md).

Kept free of the web framework so the admin CLI can share it without loading FastAPI.
"""

from __future__ import annotations

TUS_VERSION = "1.0.0"


class ApiError(Exception):
    """An answer with a stable ``code``; ``headers`` carry e.g. ``Retry-After``."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})


def invalid_request(message: str) -> ApiError:
    return ApiError(400, "invalid_request", message)


def not_found() -> ApiError:
    return ApiError(404, "not_found", "No such resource.")


def service_suspended() -> ApiError:
    return ApiError(
        503,
        "service_suspended",
        "The Noomus extranet is suspended. Please try again later.",
        {"Retry-After": "300"},
    )


def rate_limited(retry_after: int) -> ApiError:
    return ApiError(
        429,
        "rate_limited",
        "Too many attempts. Please wait before trying again.",
        {"Retry-After": str(retry_after)},
    )


def database_unavailable() -> ApiError:
    """The database server cannot be reached (PostgreSQL stopped or restarting): transient."""
    return ApiError(
        503,
        "database_unavailable",
        "The server cannot reach its database right now. Please try again shortly.",
        {"Retry-After": "10"},
    )
