"""The refresh token (and the device token) in the operating system's keyring, and nowhere else.

We keep a refresh token (never the password) under the service name ``Noomus Desktop``, keyed by
server URL and user ID, in the best trustworthy backend of keyring's chain (Secret Service,
macOS Keychain, Windows Credential Locker...). File-based backends (``keyrings.alt``) in the
chain are passed over, not allowed to veto the others. When no trustworthy keyring is there
(none installed, locked, failing, or only file-based ones), nothing is stored: the user signs
in next time. There is deliberately no file fallback: a token on disk is a token anyone with
the disk can use. The token never appears in logs or errors (only the failure's type does).

Beside it, under its own key, we keep the server's *device token* of the account (see
:meth:`CredentialStore.save_device`).
"""

from __future__ import annotations

import logging

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null

from noomus_desktop.core.net import check_url

log = logging.getLogger(__name__)

SERVICE = "Noomus Desktop"

#: Backends that store secrets in files we would not trust with a token (keyrings.alt's
#: PlaintextKeyring, EncryptedKeyring with a guessable password...), or that store nothing.
_REFUSED_PACKAGES = ("keyrings.alt",)
_REFUSED_BACKENDS = (fail.Keyring, null.Keyring)


def _backends(backend: KeyringBackend) -> list[KeyringBackend]:
    if isinstance(backend, chainer.ChainerBackend):
        return list(backend.backends)
    return [backend]


def _refused(part: KeyringBackend) -> str | None:
    """Why one backend (not a chain) must not hold our token (None: it may)."""
    if isinstance(part, _REFUSED_BACKENDS):
        return f"no usable keyring ({type(part).__name__})"
    if type(part).__module__.startswith(_REFUSED_PACKAGES):
        return f"file-based keyring refused ({type(part).__module__}.{type(part).__name__})"
    return None


def trusted_backend(backend: KeyringBackend) -> KeyringBackend | None:
    """The first trustworthy backend of ``backend`` (a chain is in priority order), or None."""
    return next((part for part in _backends(backend) if _refused(part) is None), None)


def refusal_reason(backend: KeyringBackend) -> str | None:
    """Why no part of ``backend`` may hold our token (None: one may)."""
    parts = _backends(backend)
    if not parts:
        return "no keyring backend available"
    if trusted_backend(backend) is not None:
        return None
    return "; ".join(reason for part in parts if (reason := _refused(part)) is not None)


def account_key(server_url: str, username: str) -> str:
    """The keyring "user name" of one account on one server, readable in keyring managers."""
    return f"{username} @ {check_url(server_url)}"


def device_key(server_url: str, username: str) -> str:
    """The keyring "user name" of this device's device token for one account on one server.

    Case-folded as the server folds user IDs (``str.casefold``: "ſam" is "sam" there too), so
    the token is found again whichever way the user types the ID.
    """
    return f"device of {account_key(server_url, username.casefold())}"


class CredentialStore:
    """Save, load and delete the refresh token of an account; never raises for keyring trouble.

    ``backend``: a keyring backend (default: keyring's choice for this system). ``problem``
    says why the last operation could not use the keyring (None when it worked), so the UI can
    say "you will have to sign in next time".
    """

    def __init__(self, backend: KeyringBackend | None = None, service: str = SERVICE) -> None:
        self._backend = backend
        #: The keyring's service name: the staff tool keeps its own beside the app's.
        self.service = service
        self.problem: str | None = None

    @property
    def backend(self) -> KeyringBackend:
        return self._backend or keyring.get_keyring()

    @property
    def available(self) -> bool:
        """Whether a trustworthy keyring is there (it may still be locked)."""
        return refusal_reason(self.backend) is None

    def save(self, server_url: str, username: str, refresh_token: str) -> bool:
        """Store ``refresh_token``; False if it could not be (see :attr:`problem`)."""
        return self._set(account_key(server_url, username), refresh_token)

    def load(self, server_url: str, username: str) -> str | None:
        """The stored refresh token, or None (nothing stored, or the keyring failed)."""
        return self._get(account_key(server_url, username))

    def delete(self, server_url: str, username: str) -> bool:
        """Remove the entry; True if nothing is stored afterwards as far as we can tell."""
        return self._delete(account_key(server_url, username))

    def save_device(self, server_url: str, username: str, device_token: str) -> bool:
        """Store the server's device token of this account on this device.

        Kept whatever "remember me" says, and past signing out: it is not a credential (it
        lets no one in without the password), it only gives this device its own budget of
        failed sign-ins, so that someone guessing the password elsewhere and exhausting the
        user ID's limit cannot lock the owner out. Forgetting it at sign-out would hand that
        lock-out back exactly when the owner needs to sign in again. Still in the keyring, not
        a file: a stolen token would let the thief spend this device's budget instead.
        """
        return self._set(device_key(server_url, username), device_token)

    def load_device(self, server_url: str, username: str) -> str | None:
        """The stored device token, or None (never signed in here, or the keyring failed)."""
        return self._get(device_key(server_url, username))

    def _set(self, key: str, secret: str) -> bool:
        backend = self._usable()
        if backend is None:
            return False
        try:
            backend.set_password(self.service, key, secret)
        except Exception as exc:  # any backend failure means "not remembered"
            return self._failed("save", exc)
        return True

    def _get(self, key: str) -> str | None:
        backend = self._usable()
        if backend is None:
            return None
        try:
            return backend.get_password(self.service, key)
        except Exception as exc:  # third-party backends raise anything
            self._failed("load", exc)
            return None

    def _delete(self, key: str) -> bool:
        backend = self._usable()
        if backend is None:
            return True  # we never store into a refused backend
        try:
            if backend.get_password(self.service, key) is not None:
                backend.delete_password(self.service, key)
        except Exception as exc:  # third-party backends raise anything
            return self._failed("delete", exc)
        return True

    def _usable(self) -> KeyringBackend | None:
        backend = self.backend
        self.problem = refusal_reason(backend)
        if self.problem is not None:
            log.info("Not using the keyring: %s", self.problem)
            return None
        return trusted_backend(backend)

    def _failed(self, action: str, exc: Exception) -> bool:
        # Only the type: messages of some backends echo what they were given.
        self.problem = f"keyring {action} failed ({type(exc).__name__})"
        log.warning("Could not %s the sign-in in the keyring (%s)", action, type(exc).__name__)
        return False
