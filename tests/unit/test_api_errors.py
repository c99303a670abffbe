"""Every error answer of the API becomes the typed error the UI switches on (docs/api.md)."""

from __future__ import annotations

import httpx
import pytest

from noomus_desktop.core import api
from noomus_desktop.core.errors import NoomusError


def _answer(
    status: int, code: str | None, headers: dict[str, str] | None = None, text: str | None = None
) -> httpx.Response:
    request = httpx.Request("GET", "https://extranet.example/api/v1/me")
    if text is not None:
        return httpx.Response(status, text=text, headers=headers, request=request)
    body = {"error": {"code": code, "message": "server words"}}
    return httpx.Response(status, json=body, headers=headers, request=request)


@pytest.mark.parametrize(
    ("status", "code", "expected", "transient"),
    [
        (401, "invalid_credentials", api.InvalidCredentialsError, False),
        (403, "account_locked", api.AccountLockedError, False),
        (403, "account_disabled", api.AccountDisabledError, False),
        (503, "service_suspended", api.ServiceSuspendedError, True),
        (401, "token_expired", api.TokenExpiredError, True),
        (401, "token_invalid", api.SessionEndedError, False),
        (401, "refresh_invalid", api.SessionEndedError, False),
        (404, "not_found", api.NotFoundError, False),
        (500, "internal_error", api.ServerError, True),
    ],
)
def test_codes_become_typed_errors(
    status: int, code: str, expected: type[api.ApiError], transient: bool
) -> None:
    error = api.error_from_response(_answer(status, code))
    assert type(error) is expected
    assert isinstance(error, api.ApiError)
    assert isinstance(error, NoomusError)
    assert error.status == status
    assert error.transient is transient
    assert error.server_message == "server words"
    # Our own sentence, not the server's: the UI translates by code, logs get plain English.
    assert error.message != "server words"
    assert error.message.endswith(".")


def test_session_ended_keeps_the_api_reason() -> None:
    error = api.error_from_response(_answer(401, "refresh_invalid"))
    assert isinstance(error, api.SessionEndedError)
    assert error.code == "session_ended"
    assert error.reason == "refresh_invalid"


def test_rate_limited_carries_retry_after() -> None:
    error = api.error_from_response(_answer(429, "rate_limited", {"Retry-After": "42"}))
    assert isinstance(error, api.RateLimitedError)
    assert error.retry_after == 42.0
    assert error.transient


def test_rate_limited_without_retry_after() -> None:
    error = api.error_from_response(_answer(429, "rate_limited"))
    assert isinstance(error, api.RateLimitedError)
    assert error.retry_after is None


def test_unknown_code_is_kept_for_the_ui() -> None:
    error = api.error_from_response(_answer(507, "storage_full"))
    assert type(error) is api.ServerError  # 5xx: transient, whatever the code
    error = api.error_from_response(_answer(415, "unsupported_media_type"))
    assert type(error) is api.ApiError
    assert error.code == "unsupported_media_type"
    assert not error.transient


@pytest.mark.parametrize("status", [502, 504])
def test_proxy_pages_are_server_errors(status: int) -> None:
    error = api.error_from_response(_answer(status, None, text="<html>Bad gateway</html>"))
    assert isinstance(error, api.ServerError)
    assert error.transient


@pytest.mark.parametrize("status", [302, 400, 407])
def test_non_api_answers_are_unexpected(status: int) -> None:
    """A captive portal, a redirect or a proxy page is not our API: say so plainly."""
    error = api.error_from_response(_answer(status, None, text="<html>Sign in to Wi-Fi</html>"))
    assert isinstance(error, api.UnexpectedResponseError)
    assert error.code == "unexpected_response"


def test_token_pair_repr_hides_tokens() -> None:
    user = api.User("alice", "Alice", "Acme", "alice@example.com", "active")
    pair = api.TokenPair("access-secret", "refresh-secret", 900, user)
    assert "secret" not in repr(pair)
