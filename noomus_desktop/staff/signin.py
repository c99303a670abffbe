"""The staff member's sign-in on this machine: the refresh token in the OS keyring, under a
service of its own (``Noomus Staff``, beside the customer app's ``Noomus Desktop``, so both
can be signed in on one machine), and which server and user ID in ``staff.json`` (not secret).

Each command resumes the session with the stored refresh token and stores the rotated one
(the server takes a refresh token once): reading, using and storing it is one process's turn
(a lock file, as the app's own processes do). No keyring, no remembered sign-in: there is no
file fallback for a token.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import platform
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from noomus_desktop.core import interlock, paths
from noomus_desktop.core.api import NotFoundError, SessionEndedError, TokenPair
from noomus_desktop.core.credentials import CredentialStore, account_key
from noomus_desktop.core.errors import NoomusError
from noomus_desktop.core.net import check_url
from noomus_desktop.staff.client import StaffClient
from noomus_desktop.staff.errors import StaffError

SERVICE = "Noomus Staff"
_CONFIG = "staff.json"

NOT_SIGNED_IN = "You are not signed in. Run 'noomus-staff login' first."


@dataclass(frozen=True)
class SignedIn:
    server_url: str
    username: str


def _config_path() -> Path:
    return paths.config_dir() / _CONFIG


def _saved() -> SignedIn | None:
    try:
        data = json.loads(_config_path().read_text(encoding="utf-8"))
        return SignedIn(str(data["server_url"]), str(data["username"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _save(signed_in: SignedIn) -> None:
    path = _config_path()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        json.dump({"server_url": signed_in.server_url, "username": signed_in.username}, file)


def _turn(url: str, username: str) -> AbstractContextManager[None]:
    digest = hashlib.sha256(f"{SERVICE}\n{account_key(url, username)}".encode()).hexdigest()
    return interlock.held(paths.data_dir() / "locks" / f"staff-{digest[:32]}.lock")


def device_name() -> str:
    return f"noomus-staff on {platform.node() or 'this computer'}"


class StaffSignIn:
    """Sign in, resume and sign out the staff account of this machine."""

    def __init__(self, credentials: CredentialStore | None = None) -> None:
        self.credentials = credentials or CredentialStore(service=SERVICE)

    def login(
        self,
        server_url: str,
        username: str,
        password: str,
        new_password: Callable[[], str],
    ) -> str:
        """Sign in and remember the session; returns the user ID as the server spells it.

        ``new_password`` is asked only when the password was a coordinator's one-time one.
        Refuses an account that is not staff (the staff API answers it 404).
        """
        url = check_url(server_url)
        client = StaffClient(url)
        try:
            device = self.credentials.load_device(url, username)
            tokens = client.login(username, password, device_name(), device)
            if tokens.device_token and tokens.device_token != device:
                self.credentials.save_device(url, tokens.user.username, tokens.device_token)
            if tokens.password_change_required:
                client.change_password(password, new_password())
            try:
                client.staff_deliveries(new=True)
            except NotFoundError:
                client.logout()
                raise StaffError(
                    "This is not a staff account: ask a coordinator for one"
                    " ('noomus-extranet staff add')."
                ) from None
            assert client.session is not None
            signed_in = SignedIn(url, tokens.user.username)
            with _turn(url, signed_in.username):
                self._store(signed_in, client.session.tokens)
        finally:
            client.close()
        _save(signed_in)
        return signed_in.username

    @contextlib.contextmanager
    def resumed(self) -> Iterator[StaffClient]:
        """A client signed in with the stored session (its rotated tokens stored back)."""
        signed_in = _saved()
        if signed_in is None:
            raise StaffError(NOT_SIGNED_IN)
        client = StaffClient(signed_in.server_url)
        try:
            with _turn(signed_in.server_url, signed_in.username):
                token = self.credentials.load(signed_in.server_url, signed_in.username)
                if token is None:
                    raise StaffError(NOT_SIGNED_IN)
                try:
                    tokens = client.refresh(token)
                except SessionEndedError:
                    self.credentials.delete(signed_in.server_url, signed_in.username)
                    raise StaffError(
                        "Your sign-in has ended. Run 'noomus-staff login' again."
                    ) from None
                self._store(signed_in, tokens)
            assert client.session is not None
            client.session.renew = lambda held: self._renew(client, signed_in, held)
            yield client
        finally:
            client.close()

    def logout(self) -> None:
        """End the session on the server (best effort) and forget it here."""
        signed_in = _saved()
        if signed_in is None:
            return
        with contextlib.suppress(StaffError, NoomusError), self.resumed() as client:
            client.logout()
        self.credentials.delete(signed_in.server_url, signed_in.username)
        with contextlib.suppress(FileNotFoundError):
            _config_path().unlink()

    def _renew(self, client: StaffClient, signed_in: SignedIn, held: str) -> TokenPair:
        """A refresh during a command (a long download), in this process's turn."""
        with _turn(signed_in.server_url, signed_in.username):
            stored = self.credentials.load(signed_in.server_url, signed_in.username)
            tokens = client.rotate(stored or held)
            self._store(signed_in, tokens)
        return tokens

    def _store(self, signed_in: SignedIn, tokens: TokenPair) -> None:
        if not self.credentials.save(
            signed_in.server_url, signed_in.username, tokens.refresh_token
        ):
            raise StaffError(
                "The sign-in could not be kept in the system keyring"
                f" ({self.credentials.problem}). Unlock or install a keyring, then sign in again."
            )
