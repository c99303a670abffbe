"""Client of the Noomus extranet API (``docs/api.md``), over the connection policy of ``net``.

Every error answer becomes a typed :class:`ApiError` chosen by the API's stable ``code``,
carrying our own plain English sentence (the server's text stays in ``server_message``).
Only idempotent requests (``GET``) are retried, and only for transient failures; login,
refresh (tokens rotate) and logout are sent once.

:class:`Session` holds the tokens of a signed-in device and does the renewing: its refresh is
single-flight, so eight uploads hitting 401 together send one refresh request. The API client
authenticates with it directly; the uploads reach it through the account
(:class:`~noomus_desktop.core.account.Account` is their
:class:`~noomus_desktop.core.auth.AuthProvider`, and hands each call to its current session).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from noomus_desktop import __version__
from noomus_desktop.core import net
from noomus_desktop.core.contact import Contact
from noomus_desktop.core.errors import (
    ApiError,
    InsecureUrlError,
    InvalidUrlError,
    NetworkError,
    OfflineError,
    ServerError,
    SessionEndedError,
    TlsError,
    parse_retry_after,
)

__all__ = [
    "AccountDisabledError",
    "AccountLockedError",
    "ApiClient",
    "ApiError",
    "Contact",
    "Delivery",
    "DeviceSession",
    "InsecureUrlError",
    "InvalidCredentialsError",
    "InvalidUrlError",
    "NetworkError",
    "NotFoundError",
    "OfflineError",
    "RateLimitedError",
    "ServerError",
    "ServerInfo",
    "ServiceSuspendedError",
    "Session",
    "SessionEndedError",
    "TlsError",
    "TokenExpiredError",
    "TokenPair",
    "UnexpectedResponseError",
    "User",
]

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
USER_AGENT = f"NoomusDesktop/{__version__}"


# --- errors -------------------------------------------------------------------------------


class InvalidCredentialsError(ApiError):
    code = "invalid_credentials"
    default_message = "The user ID or password is not right. Check them and try again."


class AccountLockedError(ApiError):
    code = "account_locked"
    default_message = (
        "Your account is locked because a lost password was reported. "
        "Noomus coordinators will contact you to open it again."
    )


class AccountDisabledError(ApiError):
    code = "account_disabled"
    default_message = (
        "Your account has been disabled. Please contact Noomus if you need to send files."
    )


class ServiceSuspendedError(ApiError):
    code = "service_suspended"
    transient = True
    default_message = (
        "Noomus has paused the file service for now. Files waiting here are sent when it is back."
    )


class RateLimitedError(ApiError):
    """Too many attempts; ``retry_after`` (seconds, or None) says when to try again."""

    code = "rate_limited"
    transient = True
    default_message = "Too many attempts in a short time. Wait a minute and try again."


class TokenExpiredError(ApiError):
    """The access token's time is up: refresh and retry (the client does this itself)."""

    code = "token_expired"
    transient = True
    default_message = "Your sign-in needs to be renewed. Trying again."


def signed_out() -> SessionEndedError:
    """This device signed out (or never signed in): not the server's doing."""
    return SessionEndedError("You are signed out. Please sign in again.", reason="signed_out")


class NotFoundError(ApiError):
    code = "not_found"
    default_message = "Noomus has no such item for your account."


class UnexpectedResponseError(ApiError):
    """An answer that does not follow the API (a redirect, a captive portal page, bad JSON)."""

    code = "unexpected_response"
    default_message = (
        "The server's answer was not what Noomus Desktop expects. Check the server address, "
        "or whether your network needs you to sign in to it first; otherwise contact Noomus."
    )


_ERRORS: dict[str, type[ApiError]] = {
    "invalid_credentials": InvalidCredentialsError,
    "account_locked": AccountLockedError,
    "account_disabled": AccountDisabledError,
    "service_suspended": ServiceSuspendedError,
    "rate_limited": RateLimitedError,
    "token_expired": TokenExpiredError,
    "token_invalid": SessionEndedError,
    "refresh_invalid": SessionEndedError,
    "not_found": NotFoundError,
    "internal_error": ServerError,
}


def error_from_response(response: httpx.Response) -> ApiError:
    """The typed error for a non-2xx answer."""
    code, server_message = "", ""
    try:
        body = response.json()
        code = str(body["error"]["code"])
        server_message = str(body["error"].get("message", ""))
    except (ValueError, KeyError, TypeError, AttributeError):
        pass
    status = response.status_code
    cls = _ERRORS.get(code)
    # Kept for a 5xx too (``503 database_unavailable`` says ``Retry-After: 10``): the engine's
    # backoff waits at least that long (parse_retry_after caps it at MAX_RETRY_AFTER).
    wait = parse_retry_after(response.headers.get("Retry-After"))
    if cls is RateLimitedError:
        return RateLimitedError(retry_after=wait, status=status, server_message=server_message)
    if cls is SessionEndedError:
        return SessionEndedError(reason=code, status=status, server_message=server_message)
    server_wait = wait if status >= 500 else None
    if cls is not None:
        return cls(status=status, server_message=server_message, retry_after=server_wait)
    if status >= 500:
        return ServerError(status=status, server_message=server_message, retry_after=server_wait)
    if not code or 300 <= status < 400:
        return UnexpectedResponseError(status=status, server_message=server_message)
    # A code this client does not know yet (e.g. ``storage_full``): keep it for the UI.
    return ApiError(code=code, status=status, server_message=server_message)


# --- values -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServerInfo:
    """``GET /api/v1/info``: what the server is and where uploads go."""

    service: str
    version: str
    recipients: tuple[str, ...]
    uploads_url: str
    max_upload_size: int
    status: str
    contact: Contact
    request_account_url: str

    @property
    def suspended(self) -> bool:
        return self.status != "ok"


@dataclass(frozen=True)
class User:
    username: str
    name: str
    company: str
    email: str
    state: str


@dataclass(frozen=True)
class TokenPair:
    """A login or refresh answer. Tokens are secrets: never in ``repr`` or logs."""

    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_in: int
    user: User
    #: A sign-in's device token (see ``docs/api.md``, known devices); "" when not given.
    device_token: str = field(default="", repr=False)
    #: Signed in with a one-time password: change it before anything else.
    password_change_required: bool = False


@dataclass(frozen=True)
class Delivery:
    """A completed upload as the server stored it."""

    id: int
    upload_id: str
    size: int
    sha256: str
    received_at: datetime


@dataclass(frozen=True)
class DeviceSession:
    """One signed-in device of this account (``GET /sessions``)."""

    id: int
    device_name: str
    #: The address it last signed in or renewed from, as the server saw it ("" if not given).
    ip: str
    created_at: datetime
    last_used_at: datetime
    #: This device's own session.
    current: bool


#: The shortest new password the server accepts (``POST /auth/password``).
MIN_PASSWORD_LENGTH = 12


def _parse(build: Callable[[], Any]) -> Any:
    try:
        return build()
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise UnexpectedResponseError() from exc


def _user(data: Mapping[str, Any]) -> User:
    return User(
        username=str(data["username"]),
        name=str(data.get("name") or ""),
        company=str(data.get("company") or ""),
        email=str(data.get("email") or ""),
        state=str(data.get("state") or "active"),
    )


def _tokens(data: Mapping[str, Any]) -> TokenPair:
    return TokenPair(
        access_token=str(data["access_token"]),
        refresh_token=str(data["refresh_token"]),
        expires_in=int(data["expires_in"]),
        user=_user(data["user"]),
        device_token=str(data.get("device_token") or ""),
        password_change_required=bool(data.get("password_change_required")),
    )


def _time(value: Any) -> datetime:
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def _device_session(data: Mapping[str, Any]) -> DeviceSession:
    return DeviceSession(
        id=int(data["id"]),
        device_name=str(data.get("device_name") or ""),
        ip=str(data.get("ip") or ""),
        created_at=_time(data["created_at"]),
        last_used_at=_time(data["last_used_at"]),
        current=bool(data.get("current")),
    )


def _delivery(data: Mapping[str, Any]) -> Delivery:
    return Delivery(
        id=int(data["id"]),
        upload_id=str(data["upload_id"]),
        size=int(data["size"]),
        sha256=str(data["sha256"]).lower(),
        received_at=_time(data["received_at"]),
    )


def _info(data: Mapping[str, Any]) -> ServerInfo:
    contact = data.get("contact") or {}
    recipients = tuple(str(r) for r in data["recipients"])
    if not recipients:
        raise ValueError("no recipients")
    return ServerInfo(
        service=str(data["service"]),
        version=str(data["version"]),
        recipients=recipients,
        uploads_url=str(data["uploads_url"]),
        max_upload_size=int(data["max_upload_size"]),
        status=str(data["status"]),
        contact=Contact(
            email=str(contact.get("email") or ""),
            phone=str(contact.get("phone") or ""),
            address=str(contact.get("address") or ""),
        ),
        request_account_url=str(data.get("request_account_url") or ""),
    )


# --- session --------------------------------------------------------------------------------


class Session:
    """A signed-in device: the current tokens, renewed single-flight.

    ``on_tokens`` is called (under the refresh lock) with every rotated :class:`TokenPair`, so
    the caller can store the new refresh token; ``on_ended`` once, with the error, when the
    server ends the session. ``renew`` replaces the plain rotation of the refresh token held
    here: the account passes the one that takes its turn with the other processes sharing
    the keyring entry, and may rotate a newer token one of them stored instead.
    """

    def __init__(
        self,
        client: ApiClient,
        tokens: TokenPair,
        *,
        on_tokens: Callable[[TokenPair], None] | None = None,
        on_ended: Callable[[ApiError], None] | None = None,
        renew: Callable[[str], TokenPair] | None = None,
    ) -> None:
        self._client = client
        self._tokens = tokens
        self._lock = threading.Lock()
        self._ended: ApiError | None = None
        self.on_tokens = on_tokens
        self.on_ended = on_ended
        self.renew = renew

    @property
    def user(self) -> User:
        return self._tokens.user

    @property
    def tokens(self) -> TokenPair:
        return self._tokens

    @property
    def ended(self) -> ApiError | None:
        """Why the server ended the session (None while it lives)."""
        return self._ended

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._tokens.access_token}"}

    def refresh(self, failed: dict[str, str]) -> bool:
        """Single-flight renewal (see :class:`~noomus_desktop.core.auth.AuthProvider`)."""
        with self._lock:
            if self._ended is not None:
                return False
            if failed.get("Authorization") != self.headers()["Authorization"]:
                return True  # another thread already renewed: retry with the new token
            try:
                renew = self.renew or self._client.rotate
                tokens = renew(self._tokens.refresh_token)
            except (SessionEndedError, AccountLockedError, AccountDisabledError) as exc:
                self._end(exc)
                return False
            self._tokens = tokens
            if self.on_tokens is not None:
                self.on_tokens(tokens)
            return True

    def end_locally(self) -> None:
        """Forget the tokens without telling anyone (after logout or report-lost)."""
        with self._lock:
            self._ended = self._ended or signed_out()

    def end(self, error: ApiError) -> None:
        """The server refused the account itself (locked, disabled): the session is over."""
        with self._lock:
            if self._ended is None:
                self._end(error)

    def _end(self, error: ApiError) -> None:
        self._ended = error
        log.info("The server ended the session (%s)", error.code)
        if self.on_ended is not None:
            self.on_ended(error)


# --- client -------------------------------------------------------------------------------


class ApiClient:
    """The extranet API at ``base_url`` (e.g. ``https://extranet.noomus.fi``).

    Raises :class:`InsecureUrlError` / :class:`InvalidUrlError` at once, before any request,
    for an address the connection policy refuses. Thread-safe (httpx clients are).
    """

    def __init__(
        self,
        base_url: str,
        *,
        extra_ca: str | Path | None = None,
        timeout: httpx.Timeout = net.DEFAULT_TIMEOUT,
        retries: int = 2,
        backoff: float = 0.5,
    ) -> None:
        self.base_url = net.check_url(base_url)
        self._http = net.http_client(
            self.base_url,
            extra_ca=extra_ca,
            timeout=timeout,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        )
        self._retries = retries
        self._backoff = backoff
        self.session: Session | None = None

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transport --

    def _send(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """One request, retried with backoff (GET only) on transient failures; non-2xx raise.

        A server asking for a longer wait (``Retry-After``) than the next backoff is not asked
        again here: the error goes up at once, and its caller (the engine's backoff, a
        person) waits at least that long.
        """
        attempts = 1 + (self._retries if method == "GET" else 0)
        for attempt in range(1, attempts):
            try:
                return self._send_once(method, path, json=json, headers=headers)
            except (OfflineError, ServerError) as exc:
                pause = self._backoff * 2 ** (attempt - 1)
                if exc.retry_after is not None and exc.retry_after > pause:
                    raise
                log.info("%s %s failed (%s), retry %d", method, path, exc.code, attempt)
                time.sleep(pause)
        return self._send_once(method, path, json=json, headers=headers)

    def _send_once(
        self, method: str, path: str, *, json: Any, headers: Mapping[str, str] | None
    ) -> httpx.Response:
        with net.translate_transport_errors():
            response = self._http.request(
                method, API_PREFIX + path, json=json, headers=dict(headers or {})
            )
        if not response.is_success:
            raise error_from_response(response)
        return response

    def _json(self, response: httpx.Response) -> Any:
        try:
            return response.json()
        except ValueError as exc:
            raise UnexpectedResponseError(status=response.status_code) from exc

    def _authed(self, method: str, path: str, json: Any = None) -> httpx.Response:
        """A request with the session's token; after ``token_expired`` refresh once and retry."""
        session = self._require_session()
        for _ in range(2):
            headers = session.headers()
            try:
                return self._send(method, path, json=json, headers=headers)
            except (AccountLockedError, AccountDisabledError) as exc:
                session.end(exc)
                raise
            except (TokenExpiredError, SessionEndedError) as exc:
                if isinstance(exc, SessionEndedError) and exc.reason != "token_invalid":
                    raise
                if not session.refresh(headers):
                    raise session.ended or exc from exc
        raise TokenExpiredError()

    def _require_session(self) -> Session:
        session = self.session
        if session is None or session.ended is not None:
            raise signed_out()
        return session

    # -- endpoints --

    def info(self) -> ServerInfo:
        """``GET /info``: recipients, uploads URL, status and contact details (no auth)."""
        data = self._json(self._send("GET", "/info"))
        info: ServerInfo = _parse(lambda: _info(data))
        return info

    def login(
        self, username: str, password: str, device_name: str, device_token: str | None = None
    ) -> TokenPair:
        """Sign in; opens :attr:`session`. The password is sent once and never kept.

        ``device_token``: the one an earlier sign-in of this device answered, so this attempt
        counts against this device's own failure limit, not the user ID's.
        """
        body = {"username": username, "password": password, "device_name": device_name}
        if device_token:
            body["device_token"] = device_token
        response = self._send("POST", "/auth/login", json=body)
        return self._open(self._json(response))

    def refresh(self, refresh_token: str) -> TokenPair:
        """Resume with a stored refresh token; opens :attr:`session`.

        The token rotates: store the new one and forget the old (reusing it ends the session).
        """
        return self._open_tokens(self.rotate(refresh_token))

    def rotate(self, refresh_token: str) -> TokenPair:
        """``POST /auth/refresh`` alone, without touching :attr:`session` (used by it)."""
        body = {"refresh_token": refresh_token}
        data = self._json(self._send("POST", "/auth/refresh", json=body))
        tokens: TokenPair = _parse(lambda: _tokens(data))
        return tokens

    def logout(self, access_token: str | None = None) -> None:
        """Revoke this device's tokens and end the session.

        With ``access_token``, revoke that one; otherwise the session's (renewed first if it
        has expired, so that signing out after a quiet hour still reaches the server).
        """
        session = self.session
        try:
            if access_token is not None:
                self._send(
                    "POST", "/auth/logout", headers={"Authorization": f"Bearer {access_token}"}
                )
            elif session is not None and session.ended is None:
                self._authed("POST", "/auth/logout")
        finally:
            if session is not None:
                session.end_locally()

    def report_lost(
        self, username: str, note: str | None = None, access_token: str | None = None
    ) -> str:
        """Report a lost password; the server locks the account. Works signed in or not.

        Always the same answer whether or not the user exists; returns the server's message.
        """
        body: dict[str, str] = {"username": username}
        if note:
            body["note"] = note
        headers = {"Authorization": f"Bearer {access_token}"} if access_token else None
        response = self._send("POST", "/auth/report-lost", json=body, headers=headers)
        data = self._json(response)
        message: str = _parse(lambda: str(data.get("message") or ""))
        return message

    def me(self) -> User:
        data = self._json(self._authed("GET", "/me"))
        user: User = _parse(lambda: _user(data))
        return user

    def deliveries(self) -> list[Delivery]:
        """This account's deliveries, newest first."""
        data = self._json(self._authed("GET", "/deliveries"))
        items: list[Delivery] = _parse(lambda: [_delivery(d) for d in data["deliveries"]])
        return items

    def delivery(self, delivery_id: int) -> Delivery:
        data = self._json(self._authed("GET", f"/deliveries/{int(delivery_id)}"))
        item: Delivery = _parse(lambda: _delivery(data))
        return item

    def change_password(self, current_password: str, new_password: str) -> None:
        """``POST /auth/password``: every other session of the account ends, this one goes on.

        A wrong ``current_password`` raises :class:`InvalidCredentialsError` (and counts against
        the sign-in failure limit: :class:`RateLimitedError`). Neither password is kept.
        """
        body = {"current_password": current_password, "new_password": new_password}
        self._authed("POST", "/auth/password", json=body)

    def sessions(self) -> list[DeviceSession]:
        """This account's signed-in devices, newest first."""
        data = self._json(self._authed("GET", "/sessions"))
        items: list[DeviceSession] = _parse(lambda: [_device_session(d) for d in data["sessions"]])
        return items

    def end_session(self, session_id: int) -> None:
        """Sign one of this account's devices out (``NotFoundError``: already ended)."""
        self._authed("DELETE", f"/sessions/{int(session_id)}")

    def _open(self, data: Any) -> TokenPair:
        tokens: TokenPair = _parse(lambda: _tokens(data))
        return self._open_tokens(tokens)

    def _open_tokens(self, tokens: TokenPair) -> TokenPair:
        self.session = Session(self, tokens)
        return tokens
