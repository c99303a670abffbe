"""The Noomus account of this device: the one facade the GUI and ``noomus-upload`` use.

It ties together the API client, the recipient pins, the keyring and the settings:

- :meth:`Account.sign_in` checks the service and the recipients *before* sending the password,
  with this device's device token from the keyring (its own failure limit), then remembers the
  refresh token in the keyring if asked (never the password), and the device token always;
- :meth:`Account.restore` signs in again from the keyring at start-up;
- the account is the :class:`~noomus_desktop.core.auth.AuthProvider` of the uploads: a 401 from
  any number of upload threads leads to one refresh, and the rotated refresh token is stored;
- other processes of this app (the window, ``noomus-upload send``) share the keyring entry,
  and the server takes a refresh token once: reading, using and storing it is one process's
  turn at a time (a lock file in the app's data, ``core.interlock``), and a process whose
  token another one already rotated uses the newer token stored instead of its own;
- when the server ends the session (lost-password report from another device, account
  disabled), the keyring entry is deleted and the "signed out by server" listeners are told.

Thread-safe: uploads call :meth:`headers` and :meth:`refresh` from worker threads.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import platform
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import httpx

from noomus_desktop.core import interlock, paths
from noomus_desktop.core.api import (
    MIN_PASSWORD_LENGTH,
    AccountDisabledError,
    AccountLockedError,
    ApiClient,
    ApiError,
    Delivery,
    DeviceSession,
    ServerInfo,
    ServiceSuspendedError,
    Session,
    SessionEndedError,
    TokenPair,
    UnexpectedResponseError,
    User,
)
from noomus_desktop.core.config import BuildConfig, Settings
from noomus_desktop.core.credentials import CredentialStore, account_key
from noomus_desktop.core.errors import NoomusError
from noomus_desktop.core.net import InvalidUrlError, check_url
from noomus_desktop.core.pinning import RecipientPins

log = logging.getLogger(__name__)

ClientFactory = Callable[[str], ApiClient]
#: How long the recipients (and service state) learned from the server are reused.
RECIPIENTS_MAX_AGE = 10.0
SignedOutListener = Callable[[NoomusError], None]


class NotSignedInError(NoomusError):
    """An action that needs an account was asked for before signing in."""

    code = "not_signed_in"

    def __init__(self) -> None:
        super().__init__("Please sign in to Noomus first.")


class PasswordTooShortError(NoomusError):
    """A new password shorter than the server accepts: said before anything is sent."""

    code = "password_too_short"

    def __init__(self) -> None:
        super().__init__(
            f"The new password must be at least {MIN_PASSWORD_LENGTH} characters long."
        )


def default_device_name() -> str:
    """How this device appears in the server's session list."""
    return f"Noomus Desktop on {platform.node() or 'this computer'}"


def _same_origin(a: str, b: str) -> bool:
    ua, ub = httpx.URL(a), httpx.URL(b)
    return (ua.scheme, ua.host, ua.port) == (ub.scheme, ub.host, ub.port)


class Account:
    """Sign-in state of one user on the configured server.

    ``client_factory`` builds an :class:`ApiClient` for a server URL (default: one trusting
    ``settings.ca_bundle`` besides the OS store). ``pins`` defaults to the pins file with the
    build's pins; ``credentials`` to the system keyring.
    """

    def __init__(
        self,
        settings: Settings,
        build: BuildConfig,
        *,
        credentials: CredentialStore | None = None,
        pins: RecipientPins | None = None,
        client_factory: ClientFactory | None = None,
        device_name: str | None = None,
    ) -> None:
        self.settings = settings
        self.build = build
        self.credentials = credentials or CredentialStore()
        self.pins = pins or RecipientPins(build_pins=build.pinned_recipients)
        self._factory = client_factory or self._default_client
        self._device_name = device_name or default_device_name()
        self._lock = threading.RLock()
        self._client: ApiClient | None = None
        self._info: ServerInfo | None = None
        self._info_time = 0.0
        self._url = ""
        self._remember = False
        self._listeners: list[SignedOutListener] = []
        #: Whether the last sign-in is in the keyring (False also when the keyring refused).
        self.remembered = False
        self._must_change = False

    def _default_client(self, url: str) -> ApiClient:
        return ApiClient(
            url, extra_ca=Path(self.settings.ca_bundle) if self.settings.ca_bundle else None
        )

    # -- state --

    @property
    def server_url(self) -> str:
        """The server signed in to, else the configured one; raises for an unusable address."""
        with self._lock:
            if self._client is not None:
                return self._url
        return self._configured_url()

    def _configured_url(self) -> str:
        url = self.settings.effective_server_url(self.build)
        if not url:
            raise InvalidUrlError(url)
        return check_url(url)

    @property
    def info(self) -> ServerInfo | None:
        """What the server said at sign-in (or the last :meth:`recipients` check)."""
        return self._info

    @property
    def user(self) -> User | None:
        """The signed-in user, or None (never signed in, signed out, or ended by the server)."""
        session = self._session()
        return session.user if session is not None else None

    @property
    def signed_in(self) -> bool:
        return self._session() is not None

    @property
    def password_change_required(self) -> bool:
        """Signed in with a coordinator's one-time password, not changed yet: the server
        refuses everything but :meth:`change_password` and :meth:`sign_out` until it is."""
        with self._lock:
            return self._must_change and self._session() is not None

    @property
    def uploads_url(self) -> str:
        """The tus endpoint for this account's uploads (on the server's own origin)."""
        self._require_client()
        info = self._info
        if info is None:
            raise NotSignedInError()
        return info.uploads_url

    @property
    def auth(self) -> Account:
        """The :class:`~noomus_desktop.core.auth.AuthProvider` of the uploads (this account)."""
        return self

    def add_signed_out_listener(self, listener: SignedOutListener) -> None:
        """Call ``listener(error)`` (from any thread) when the server ends the session."""
        with self._lock:
            self._listeners.append(listener)

    def remove_signed_out_listener(self, listener: SignedOutListener) -> None:
        with self._lock:
            self._listeners.remove(listener)

    # -- signing in and out --

    def sign_in(self, username: str, password: str, remember: bool) -> User:
        """Sign in; the service state and the recipients are checked before the password goes.

        Raises the typed errors of ``api`` and ``net``, and ``RecipientsChangedError``.
        """
        url = self._configured_url()
        client = self._factory(url)
        try:
            info = self._checked_info(client, url)
            device_token = self.credentials.load_device(url, username)
            tokens = client.login(username, password, self._device_name, device_token)
        except BaseException:
            client.close()
            raise
        if tokens.device_token and tokens.device_token != device_token:
            self.credentials.save_device(url, tokens.user.username, tokens.device_token)
        self._install(client, info, url, remember)
        with self._turn(url, tokens.user.username):
            self._remember_tokens(tokens)
        self.settings.last_username = tokens.user.username
        self.settings.remember_me = remember
        self.settings.save()
        return tokens.user

    def restore(self) -> User | None:
        """Sign in again with the refresh token in the keyring, if there is one.

        None: nothing remembered, or the server ended that session (the entry is deleted).
        Transient errors (offline, server error, suspended) are raised and the entry is kept;
        a locked or disabled account deletes it and raises. The token is read, used and the
        new one stored in this process's turn (see the module's docstring), so another process
        starting at the same moment uses the token this one stored, not the one it used.
        """
        username = self.settings.last_username
        if not (self.settings.remember_me and username):
            return None
        url = self._configured_url()
        if self.credentials.load(url, username) is None:
            return None
        client = self._factory(url)
        try:
            info = self._checked_info(client, url)
            with self._turn(url, username):
                tokens = self._resume(client, url, username)
                if tokens is not None:
                    self._install(client, info, url, remember=True)
                    self._remember_tokens(tokens)
        except BaseException:
            client.close()
            raise
        if tokens is None:
            client.close()
            return None
        return tokens.user

    def _resume(self, client: ApiClient, url: str, username: str) -> TokenPair | None:
        """In this process's turn: rotate the token stored now (None: nothing stored, or the
        server ended that session, and the entry is deleted)."""
        token = self.credentials.load(url, username)
        if token is None:
            return None
        try:
            return client.refresh(token)
        except SessionEndedError:
            self.credentials.delete(url, username)
            return None
        except (AccountLockedError, AccountDisabledError):
            self.credentials.delete(url, username)
            raise

    def sign_out(self) -> None:
        """Revoke this device's tokens (best effort: offline still signs out) and forget them."""
        with self._lock:
            client, url, user = self._client, self._url, self.user
        if client is None:
            return
        try:
            client.logout()
        except NoomusError as exc:
            log.info("Logout request failed (%s); signed out locally", exc.code)
        finally:
            with self._lock:
                if self._client is client:
                    self._uninstall()
            client.close()
        if user is not None:
            self.credentials.delete(url, user.username)
        self.remembered = False

    def report_lost(self, username: str, note: str | None = None) -> str:
        """Report a lost password for ``username``: the server locks the account.

        Works without signing in. If this device is signed in as that user, it is signed out
        and the keyring entry is deleted (the server revokes every session anyway). Returns the
        server's acknowledgement (the same whether or not the user exists).
        """
        with self._lock:
            session = self._session()
            mine = session is not None and session.user.username.casefold() == username.casefold()
            client, url = (self._client, self._url) if mine else (None, self._configured_url())
        if client is None or session is None:
            with self._factory(url) as anonymous:
                message = anonymous.report_lost(username, note)
        else:
            message = client.report_lost(username, note, session.tokens.access_token)
            with self._lock:
                if self._client is client:
                    self._uninstall()
            client.close()
            self.remembered = False
        self.credentials.delete(url, username)
        return message

    def close(self) -> None:
        """Release the connection without signing out (the app is quitting)."""
        with self._lock:
            client = self._client
            self._uninstall()
        if client is not None:
            client.close()

    # -- what the engine and the history need --

    def recipients(self, max_age: float = RECIPIENTS_MAX_AGE) -> tuple[str, ...]:
        """The recipients to encrypt to, checked against the pin.

        Asked from the server again when the last answer is ``max_age`` seconds old or more
        (the engine asks for every new transfer: a thousand small files must not cost a
        thousand round trips). Raises ``RecipientsChangedError`` (stop, contact Noomus),
        ``ServiceSuspendedError``, and transient network errors.
        """
        client = self._require_client()
        with self._lock:
            info, fetched_at, url = self._info, self._info_time, self._url
        if info is None or time.monotonic() - fetched_at >= max_age:
            info = self._checked_info(client, url)
            with self._lock:
                self._info, self._info_time = info, time.monotonic()
        return self.pins.check(url, info.recipients)

    def deliveries(self) -> list[Delivery]:
        return self._require_client().deliveries()

    def delivery(self, delivery_id: int) -> Delivery:
        return self._require_client().delivery(delivery_id)

    # -- the account's password and devices --

    def change_password(self, current_password: str, new_password: str) -> None:
        """Change the password; the server signs every other device of the account out.

        This device stays signed in (its tokens go on), so the keyring entry stays. A wrong
        current password raises ``InvalidCredentialsError`` and counts against the sign-in
        limit; a new one too short raises :class:`PasswordTooShortError` before anything is
        sent. Neither password is kept.
        """
        if len(new_password) < MIN_PASSWORD_LENGTH:
            raise PasswordTooShortError()
        self._require_client().change_password(current_password, new_password)
        with self._lock:
            self._must_change = False

    def devices(self) -> list[DeviceSession]:
        """The account's signed-in devices (this one among them, ``current``), newest first."""
        return self._require_client().sessions()

    def sign_out_device(self, session_id: int) -> None:
        """Sign another device of this account out (its tokens stop working at once).

        For this device use :meth:`sign_out`, which also forgets the keyring entry.
        """
        self._require_client().end_session(session_id)

    # -- AuthProvider --

    def headers(self) -> dict[str, str]:
        session = self._session()
        return session.headers() if session is not None else {}

    def refresh(self, failed: dict[str, str]) -> bool:
        session = self._session()
        return session.refresh(failed) if session is not None else False

    # -- internals --

    def _checked_info(self, client: ApiClient, url: str) -> ServerInfo:
        info = client.info()
        if info.suspended:
            raise ServiceSuspendedError()
        if not _same_origin(info.uploads_url, url):
            # The bearer token goes wherever uploads go: only to the server the user chose.
            log.warning("Server announced uploads on another origin; refused")
            raise UnexpectedResponseError()
        self.pins.check(url, info.recipients)
        return info

    def _session(self) -> Session | None:
        client = self._client
        session = client.session if client is not None else None
        if session is None or session.ended is not None:
            return None
        return session

    def _require_client(self) -> ApiClient:
        with self._lock:
            client = self._client
            if client is None or self._session() is None:
                raise NotSignedInError()
            return client

    def _install(self, client: ApiClient, info: ServerInfo, url: str, remember: bool) -> None:
        session = client.session
        assert session is not None
        session.renew = functools.partial(self._renew, client, url, session.user.username)
        session.on_ended = self._ended_by_server
        with self._lock:
            previous = self._client
            self._client, self._info, self._url, self._remember = client, info, url, remember
            self._info_time = time.monotonic()
            self._must_change = session.tokens.password_change_required
        if previous is not None and previous is not client:
            previous.close()

    def _uninstall(self) -> None:
        session = self._session()
        if session is not None:
            session.end_locally()
        self._client = None
        self._url = ""
        self._must_change = False

    def _turn(self, url: str, username: str) -> AbstractContextManager[None]:
        """This process's turn at the keyring entry of ``username`` on ``url`` (a lock file
        named by a hash of the entry's key: no user name in the data folder's listing)."""
        digest = hashlib.sha256(account_key(url, username).encode("utf-8")).hexdigest()
        return interlock.held(paths.data_dir() / "locks" / f"session-{digest[:32]}.lock")

    def _renew(self, client: ApiClient, url: str, username: str, held: str) -> TokenPair:
        """Rotate the refresh token for a session's refresh, and store the new one.

        Remembered sessions do it in their turn, with the token stored now when it differs
        from ``held``: another process sharing the entry rotated ``held`` already, and
        presenting it again would make the server end the session for everyone.
        """
        if not self._remember:
            tokens = client.rotate(held)
            self._remember_tokens(tokens)
            return tokens
        with self._turn(url, username):
            stored = self.credentials.load(url, username)
            if stored is not None and stored != held:
                log.info("Another process renewed the sign-in: using the token it stored")
            tokens = client.rotate(stored or held)
            self._remember_tokens(tokens)
        return tokens

    def _remember_tokens(self, tokens: TokenPair) -> None:
        """Store (rotated) tokens if remember-me is on; otherwise make sure nothing is stored."""
        url, username = self._url, tokens.user.username
        if not self._remember:
            self.credentials.delete(url, username)
            self.remembered = False
            return
        self.remembered = self.credentials.save(url, username, tokens.refresh_token)
        if not self.remembered:
            # An old, already-rotated token must not stay behind: it would be useless anyway.
            self.credentials.delete(url, username)

    def _ended_by_server(self, error: ApiError) -> None:
        session_user = self._client.session.user if self._client and self._client.session else None
        if session_user is not None:
            with self._turn(self._url, session_user.username):
                self.credentials.delete(self._url, session_user.username)
        self.remembered = False
        with self._lock:
            listeners = list(self._listeners)
        log.info("Signed out by the server (%s)", error.code)
        for listener in listeners:
            listener(error)
